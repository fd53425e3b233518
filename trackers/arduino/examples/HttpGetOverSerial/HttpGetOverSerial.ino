// HttpGetOverSerial: a thermometer sending `GET /i?...` straight to a Snowline collector every minute, as the
// 2013 Arduino tracker did, but with modern parameters, a device entity, and retries until the collector
// answers 2xx. No bridge: the collector's clock dates the events.
//
// This Uno has no network interface, so the HTTP connection runs over its serial port through a relay:
//   socat FILE:/dev/ttyACM0,b115200,raw,echo=0 TCP:127.0.0.1:8080
// On a board with Ethernet, use the network client instead, the rest is the same:
//   #include <Ethernet.h>
//   EthernetClient client;   // after Ethernet.begin(mac) in setup()
#include <Snowline.h>
#include <SnowlineBoot.h>
#include <SnowlineHttpEmitter.h>
#include <SnowlineStreamClient.h>

static const uint8_t SENSOR_PIN = A1;
static const unsigned long REPORT_EVERY_MS = 60000;

static const char APP_ID[] PROGMEM = "thermometers";
static const char DEVICE_ID[] PROGMEM = "thermo-03";
static const char FIRMWARE_VERSION[] PROGMEM = "0.9.0";

SnowlineStreamClient client(Serial);
SnowlineHttpEmitter emitter(client, "127.0.0.1", 8080);
SnowlineTracker tracker(emitter, SnowlineText::fromProgmem(APP_ID), SnowlineText::fromProgmem(DEVICE_ID),
                        SnowlineText::fromProgmem(FIRMWARE_VERSION));

static unsigned long lastReportMs = 0;

// A TMP36 on SENSOR_PIN: 10 mV per degree, 500 mV at 0 degrees Celsius, 5 V reference.
static float readCelsius() { return (analogRead(SENSOR_PIN) * 5.0f / 1024.0f - 0.5f) * 100.0f; }

void setup() {
  Serial.begin(115200);
  tracker.begin(SnowlineBoot::nextFromEeprom());
  lastReportMs = millis() - REPORT_EVERY_MS;
}

void loop() {
  tracker.update();
  if (millis() - lastReportMs >= REPORT_EVERY_MS) {
    lastReportMs = millis();
    tracker.trackStructEvent(F("sensor"), F("temperature"), F("living room"), F("celsius"), readCelsius(), 1);
  }
}
