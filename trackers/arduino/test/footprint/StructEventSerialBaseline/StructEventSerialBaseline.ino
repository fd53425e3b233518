// StructEventSerial without the tracker: the same pins, serial port, button reading and timing, so that
// (example) − (this) is the tracker's share of flash and static RAM.
static const uint8_t BUTTON_PIN = 2;
static const unsigned long HEARTBEAT_MS = 10000;

static uint8_t lastButtonState = HIGH;
static volatile int presses = 0;
static unsigned long lastHeartbeatMs = 0;

void setup() {
  pinMode(BUTTON_PIN, INPUT_PULLUP);
  Serial.begin(115200);
}

void loop() {
  uint8_t buttonState = digitalRead(BUTTON_PIN);
  if (buttonState != lastButtonState) {
    lastButtonState = buttonState;
    if (buttonState == LOW) {
      presses++;
    }
  }

  unsigned long now = millis();
  if (now - lastHeartbeatMs >= HEARTBEAT_MS) {
    lastHeartbeatMs = now;
  }
}
