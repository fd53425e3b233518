// Where encoded bytes go: counted only (to size a record or an MQTT packet), stored in the tracker's ring
// buffer, or written to a Print (a UART or a network client) while a CRC-16 runs over them.
// One output at a time, so its state is static: the library writes one thing at a time and never from an
// interrupt, and an encoder that needs no output object to carry saves a register pair, its saving and its
// passing at every call on an AVR (about 200 bytes of flash in the struct-event serial example).
// Start an output with one of the start functions, then write; starting another ends the previous one.
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
  static void startCounting() { start(0, 0); }
  // Stores bytes from `destination` on (the caller has made room).
  static void startStoring(uint8_t* destination) { start(0, destination); }
  // Writes to `print` (for a URL, give it a SnowlineClientWriter that encodes JSON punctuation).
  static void startPrinting(Print& print) { start(&print, 0); }

  static void put(char c);
  // Inline so that each call site names its character writer: a sketch that never escapes JSON links none of it.
  static void text(SnowlineText text, SnowlineEscape escape = SNOWLINE_RAW) {
    eachChar(text, escape == SNOWLINE_RAW ? put : escape == SNOWLINE_QUERY ? queryChar : jsonChar);
  }
  // A constant from flash, as is (cheaper to call than text()).
  static void flash(const __FlashStringHelper* constant);
  // A uint32_t given as its 4 bytes, little-endian (a uint32_t's own bytes on an AVR, or 4 bytes in a record), in
  // lower-case hex without leading zeros.
  static void hex(const void* littleEndian);
  // `|` then hex(): a numeric field of a frame header.
  static void hexField(const void* littleEndian);
  static void decimal(int32_t value);
#if __INT_MAX__ == 32767
  // A 16-bit int with 16-bit arithmetic: less code than the 32-bit writer. (Where int is 32-bit, decimal(int32_t).)
  static void decimal(int value);
#endif
  static void unsignedDecimal(uint32_t value);
  static void fixed(double value, uint8_t decimals);
  // Four upper-case hex digits of the CRC so far (the CRC field of a frame).
  static void crcField();

  // Bytes written and their CRC-16 since the output started.
  static uint16_t count() { return state_.count; }
  static uint16_t crc() { return state_.crc; }

 private:
  typedef void (*CharWriter)(char c);
  // Out of line: one copy for every start.
  static void start(Print* print, uint8_t* destination) __attribute__((noinline));
  static void eachChar(SnowlineText text, CharWriter writer);
  static void queryChar(char c);
  static void jsonChar(char c);
  // Two upper-case hex digits.
  static void hexByte(uint8_t byte);

  struct State {
    uint16_t count;
    uint16_t crc;
    Print* print;
    uint8_t* destination;
  };
  static State state_;
};

#endif
