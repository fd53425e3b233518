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
  // Inline so that each call site names its character writer: a sketch that never escapes JSON links none of it.
  void text(SnowlineText text, SnowlineEscape escape = SNOWLINE_RAW) {
    eachChar(text, escape == SNOWLINE_RAW ? rawChar : escape == SNOWLINE_QUERY ? queryChar : jsonChar);
  }
  // A constant from flash, as is (cheaper to call than text()).
  void flash(const __FlashStringHelper* constant);
  void hex(uint32_t value);
  // `|` then hex(value): a numeric field of a frame header.
  void hexField(const uint32_t& value);
  void decimal(int32_t value);
#if __INT_MAX__ == 32767
  // A 16-bit int with 16-bit arithmetic: less code than the 32-bit writer. (Where int is 32-bit, decimal(int32_t).)
  void decimal(int value);
#endif
  void unsignedDecimal(uint32_t value);
  void fixed(double value, uint8_t decimals);
  // Four upper-case hex digits of the CRC so far (the CRC field of a frame).
  void crcField();

  uint16_t count;
  uint16_t crc;

 private:
  typedef void (*CharWriter)(SnowlineOut& out, char c);
  void eachChar(SnowlineText text, CharWriter writer);
  static void rawChar(SnowlineOut& out, char c);
  static void queryChar(SnowlineOut& out, char c);
  static void jsonChar(SnowlineOut& out, char c);
  void emit(char c);
  // Two upper-case hex digits.
  void hexByte(uint8_t byte);

  Print* print_;
  uint8_t* destination_;
};

#endif
