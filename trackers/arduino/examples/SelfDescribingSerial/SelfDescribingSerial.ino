// SelfDescribingSerial: a plant monitor. Every 30 s it reads a soil-moisture sensor on A0 and tracks a
// self-describing event (your own schema, a flat JSON object of numbers, booleans and strings) over the serial
// port to `snowline bridge`:
//   {"schema":"iglu:io.snowline.example/soil_reading/jsonschema/1-0-0",
//    "data":{"moisture":512,"percent":50.05,"dry":false,"sensor":"A0"}}
// The schema must be in an Iglu registry that the pipeline's enrich resolves. The tracker keeps the schema URI
// and the JSON of the fields in RAM until the bridge acknowledges the event: keep both short, within
// SNOWLINE_MAX_PAYLOAD (154 bytes by default).
#include <Snowline.h>
#include <SnowlineBoot.h>

static const uint8_t SENSOR_PIN = A0;
static const int DRY_BELOW = 300;
static const unsigned long READ_EVERY_MS = 30000;

static const char APP_ID[] PROGMEM = "plant-monitor";
static const char DEVICE_ID[] PROGMEM = "plant-07";
static const char FIRMWARE_VERSION[] PROGMEM = "2.1.0";

SnowlineSerialEmitter emitter(Serial);
SnowlineTracker tracker(emitter, SnowlineText::fromProgmem(APP_ID), SnowlineText::fromProgmem(DEVICE_ID),
                        SnowlineText::fromProgmem(FIRMWARE_VERSION));

static unsigned long lastReadMs = 0;

static void trackReading(int moisture) {
  SnowlineField fields[] = {
      SnowlineField(F("moisture"), moisture),
      SnowlineField(F("percent"), moisture * 100.0 / 1023.0, 2),
      SnowlineField(F("dry"), moisture < DRY_BELOW),
      SnowlineField(F("sensor"), F("A0")),
  };
  tracker.trackSelfDescribingEvent(F("iglu:io.snowline.example/soil_reading/jsonschema/1-0-0"), fields,
                                   sizeof fields / sizeof fields[0]);
}

void setup() {
  Serial.begin(115200);
  tracker.begin(SnowlineBoot::nextFromEeprom());
  trackReading(analogRead(SENSOR_PIN));
  lastReadMs = millis();
}

void loop() {
  tracker.update();
  if (millis() - lastReadMs >= READ_EVERY_MS) {
    lastReadMs = millis();
    trackReading(analogRead(SENSOR_PIN));
  }
}
