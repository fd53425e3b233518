// MqttOverSerial: a door sensor publishing to an MQTT broker at QoS 1 (the `snowline bridge` embedded broker, or
// any broker the bridge subscribes to). The broker's PUBACK acknowledges each event; unacknowledged events are
// kept and published again.
//
// This Uno has no network interface, so the MQTT connection runs over its serial port through a relay:
//   socat FILE:/dev/ttyACM0,b115200,raw,echo=0 TCP:127.0.0.1:1883
// On a board with Ethernet, use the network client instead, the rest is the same:
//   #include <Ethernet.h>
//   EthernetClient client;   // after Ethernet.begin(mac) in setup()
#include <Snowline.h>
#include <SnowlineBoot.h>
#include <SnowlineMqttEmitter.h>
#include <SnowlineStreamClient.h>

static const uint8_t DOOR_PIN = 3;

static const char APP_ID[] PROGMEM = "door-sensors";
static const char DEVICE_ID[] PROGMEM = "door-12";
static const char FIRMWARE_VERSION[] PROGMEM = "1.4.2";
// The device's own MQTT credentials (the bridge's mqtt.devices list); anonymous is only allowed on loopback.
static const char MQTT_USERNAME[] PROGMEM = "door-12";
static const char MQTT_PASSWORD[] PROGMEM = "change-me";

SnowlineStreamClient client(Serial);
SnowlineMqttEmitter emitter(client, "127.0.0.1", 1883, SnowlineText::fromProgmem(MQTT_USERNAME),
                            SnowlineText::fromProgmem(MQTT_PASSWORD));
SnowlineTracker tracker(emitter, SnowlineText::fromProgmem(APP_ID), SnowlineText::fromProgmem(DEVICE_ID),
                        SnowlineText::fromProgmem(FIRMWARE_VERSION));

static uint8_t lastDoorState = HIGH;

void setup() {
  pinMode(DOOR_PIN, INPUT_PULLUP);
  Serial.begin(115200);
  tracker.begin(SnowlineBoot::nextFromEeprom());
  tracker.trackStructEvent(F("device"), F("boot"));
}

void loop() {
  tracker.update();
  uint8_t doorState = digitalRead(DOOR_PIN);
  if (doorState != lastDoorState) {
    lastDoorState = doorState;
    tracker.trackStructEvent(F("door"), doorState == HIGH ? F("open") : F("close"), F("front"));
  }
}
