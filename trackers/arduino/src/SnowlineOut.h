// Where encoded bytes go: counted only (to size a record or an MQTT packet), stored in the tracker's ring
// buffer, or written to a Print (a UART or a network client) while a CRC-16 runs over them.
// One non-virtual class with a mode, not three subclasses: one copy of every encoder in flash, no vtable in RAM.
#ifndef SNOWLINE_OUT_H
#define SNOWLINE_OUT_H

#include <Arduino.h>
#include "SnowlineText.h"

enum SnowlineEscape : uint8_t {
  SNOWLINE_RAW,         // as is (protocol text the library controls)
  SNOWLINE_QUERY,       // a querystring value: % & = + $ | space and non-printables percent-encoded
  SNOWLINE_JSON_STRING  // inside a JSON string in a querystring value: JSON escapes, then as SNOWLINE_QUERY
};

class SnowlineOut {
 public:
  // Counts bytes only.
  SnowlineOut();
  // Stores bytes from `destination` on (the caller has made room).
  explicit SnowlineOut(uint8_t* destination);
  // Writes to `print` (for a URL, give it a SnowlineUrlPrint, which also encodes JSON punctuation).
  explicit SnowlineOut(Print& print);

  void put(char c);
  void text(SnowlineText text, SnowlineEscape escape = SNOWLINE_RAW);
  // A constant from flash, as is (cheaper to call than text()).
  void flash(const __FlashStringHelper* constant);
  void hex(uint32_t value);
  // `|` then hex(value): a numeric field of a frame header.
  void hexField(uint32_t value);
  void decimal(int32_t value);
  void unsignedDecimal(uint32_t value);
  void fixed(double value, uint8_t decimals);
  // Four upper-case hex digits of the CRC so far (the CRC field of a frame).
  void crcField();

  uint16_t count;
  uint16_t crc;

 private:
  void emit(char c);
  void percent(uint8_t c);
  void escaped(char c, SnowlineEscape escape);

  Print* print_;
  uint8_t* destination_;
};

#endif
