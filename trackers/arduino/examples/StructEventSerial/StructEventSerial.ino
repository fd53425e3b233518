// StructEventSerial: a doorbell. Each press of the button on pin 2 (to ground) is tracked as a struct event,
// and every 10 s a heartbeat carries the press count, over the serial port to `snowline bridge`:
//   snowline bridge --serial /dev/ttyACM0:115200
// The tracker keeps unacknowledged events in RAM and retransmits them; loop() never blocks on it.
#include <Snowline.h>
#include <SnowlineBoot.h>

static const uint8_t BUTTON_PIN = 2;
static const unsigned long HEARTBEAT_MS = 10000;

static const char APP_ID[] PROGMEM = "doorbell";
static const char DEVICE_ID[] PROGMEM = "doorbell-01";
static const char FIRMWARE_VERSION[] PROGMEM = "1.0.0";

SnowlineSerialEmitter emitter(Serial);
SnowlineTracker tracker(emitter, SnowlineText::fromProgmem(APP_ID), SnowlineText::fromProgmem(DEVICE_ID),
                        SnowlineText::fromProgmem(FIRMWARE_VERSION));

static uint8_t lastButtonState = HIGH;
static int presses = 0;
static unsigned long lastHeartbeatMs = 0;

void setup() {
  pinMode(BUTTON_PIN, INPUT_PULLUP);
  Serial.begin(115200);
  tracker.begin(SnowlineBoot::nextFromEeprom());
}

void loop() {
  tracker.update();

  uint8_t buttonState = digitalRead(BUTTON_PIN);
  if (buttonState != lastButtonState) {
    lastButtonState = buttonState;
    if (buttonState == LOW) {
      presses++;
      tracker.trackStructEvent(F("button"), F("press"));
    }
  }

  unsigned long now = millis();
  if (now - lastHeartbeatMs >= HEARTBEAT_MS) {
    lastHeartbeatMs = now;
    tracker.trackStructEvent(F("device"), F("heartbeat"), nullptr, F("presses"), presses);
  }
}
