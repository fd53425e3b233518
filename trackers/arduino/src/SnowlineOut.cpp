#include "SnowlineCompact.h"
#include "SnowlineOut.h"
#include "SnowlineCrc16.h"

SnowlineOut::State SnowlineOut::state_;

void SnowlineOut::start(Print* print, uint8_t* destination) {
  state_.count = 0;
  state_.crc = 0xFFFF;
  state_.print = print;
  state_.destination = destination;
}

uint16_t snowlineCrc16Update(uint16_t crc, uint8_t byte) {
  crc ^= static_cast<uint16_t>(byte) << 8;
  for (uint8_t bit = 0; bit < 8; bit++) crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021) : static_cast<uint16_t>(crc << 1);
  return crc;
}

// Upper case; out of line: one copy for the CRC, percent escapes and hex numbers.
static char __attribute__((noinline)) hexDigit(uint8_t nibble) { return static_cast<char>(nibble < 10 ? '0' + nibble : 'A' + nibble - 10); }

SNOWLINE_COMPACT void SnowlineOut::put(char c) {
  // Through a pointer the optimiser cannot fold into absolute addresses: on an AVR a load or store relative to a
  // pointer register takes 2 bytes, an absolute one 4, and this function makes seven of them.
  State* state = snowlineOpaque(&state_);
  state->crc = snowlineCrc16Update(state->crc, static_cast<uint8_t>(c));
  state->count++;
  if (state->destination) {
    *state->destination++ = static_cast<uint8_t>(c);
  } else if (state->print) {
    state->print->write(static_cast<uint8_t>(c));
  }
}

void SnowlineOut::hexByte(uint8_t byte) {
  for (uint8_t nibbles = 2; nibbles > 0; nibbles--) {
    put(hexDigit(byte >> 4));
    byte <<= 4;
  }
}

void SnowlineOut::queryChar(char c) {
  uint8_t byte = static_cast<uint8_t>(c);
  if (byte <= 0x20 || byte >= 0x7F || c == '%' || c == '&' || c == '=' || c == '+' || c == '$' || c == '|') {
    put('%');
    hexByte(byte);
  } else {
    put(c);
  }
}

void SnowlineOut::jsonChar(char c) {
  uint8_t byte = static_cast<uint8_t>(c);
  if (c == '"' || c == '\\') {
    put('\\');
  } else if (byte < 0x20) {
    // \u00XX keeps control characters valid JSON; its characters are then safe as they are.
    flash(F("\\u00"));
    hexByte(byte);
    return;
  }
  queryChar(c);
}

void SnowlineOut::flash(const __FlashStringHelper* constant) { eachChar(SnowlineText(constant), put); }

SNOWLINE_COMPACT void SnowlineOut::eachChar(SnowlineText value, CharWriter writer) {
  if (value.missing()) return;
  for (size_t index = 0;; index++) {
    char c = value.at(index);
    if (c == '\0') return;
    writer(c);
  }
}

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "hex() is given the bytes of a uint32_t lowest first");

void SnowlineOut::hex(const void* littleEndian) {
  // Nibble by nibble from the top byte down, read in place: an AVR shifts a 32-bit value one bit per instruction
  // and register, so shifting the value would cost far more code.
  // A pointer walked down rather than an index (8-bit counter, no 16-bit address arithmetic).
  const uint8_t* byte = static_cast<const uint8_t*>(littleEndian) + 4;
  bool started = false;
  for (uint8_t left = 8; left > 0; left--) {
    uint8_t nibble = (left & 1) ? static_cast<uint8_t>(*byte & 0x0F) : static_cast<uint8_t>(*--byte >> 4);
    started |= nibble != 0 || left == 1;
    // Lower case: setting bit 5 keeps '0'-'9' and turns 'A'-'F' into 'a'-'f'.
    if (started) put(static_cast<char>(hexDigit(nibble) | 0x20));
  }
}

void SnowlineOut::hexField(const void* littleEndian) {
  put('|');
  hex(littleEndian);
}

// By subtracting powers of ten: an AVR has no divide instruction, and the division routines cost more flash. One
// writer for both widths; an int (16 bits on an AVR) uses 16-bit arithmetic and a table of its own.
static const uint32_t POWERS_OF_TEN[] PROGMEM = {1000000000UL, 100000000UL, 10000000UL, 1000000UL, 100000UL, 10000UL, 1000UL, 100UL, 10UL, 1UL};

static inline uint32_t readPower(const uint32_t* power) { return pgm_read_dword(power); }
static inline uint16_t readPower(const uint16_t* power) { return pgm_read_word(power); }

template <typename Unsigned>
static void writeDigits(Unsigned value, const Unsigned* powers, uint8_t count) {
  bool started = false;
  for (; count > 0; count--, powers++) {
    Unsigned power = readPower(powers);
    char digit = '0';
    while (value >= power) {
      value -= power;
      digit++;
    }
    started |= digit != '0' || count == 1;
    if (started) SnowlineOut::put(digit);
  }
}

template <typename Signed, typename Unsigned>
static void writeSigned(Signed value, const Unsigned* powers, uint8_t count) {
  Unsigned magnitude = static_cast<Unsigned>(value);
  if (value < 0) {
    SnowlineOut::put('-');
    magnitude = static_cast<Unsigned>(0) - magnitude;
  }
  writeDigits(magnitude, powers, count);
}

void SnowlineOut::unsignedDecimal(uint32_t value) { writeDigits(value, POWERS_OF_TEN, 10); }

void SnowlineOut::decimal(int32_t value) { writeSigned(value, POWERS_OF_TEN, 10); }

#if __INT_MAX__ == 32767
static const uint16_t SHORT_POWERS_OF_TEN[] PROGMEM = {10000U, 1000U, 100U, 10U, 1U};

void SnowlineOut::decimal(int value) { writeSigned(static_cast<int16_t>(value), SHORT_POWERS_OF_TEN, 5); }
#endif

void SnowlineOut::fixed(double value, uint8_t decimals) {
  if (value < 0) {
    put('-');
    value = -value;
  }
  if (decimals > 6) decimals = 6;
  uint32_t scale = 1;
  for (uint8_t i = 0; i < decimals; i++) scale *= 10;
  // Past 2^32 the scaled value no longer fits: write a mantissa and an exponent (BigDecimal reads "12E9").
  int8_t exponent = 0;
  while (value * scale >= 4000000000.0 && decimals > 0) {
    decimals--;
    scale /= 10;
  }
  while (value >= 4000000000.0) {
    value /= 10;
    exponent++;
  }
  uint32_t scaled = static_cast<uint32_t>(value * scale + 0.5);
  unsignedDecimal(scaled / scale);
  if (decimals > 0) {
    put('.');
    uint32_t fraction = scaled % scale;
    for (uint32_t digit = scale / 10; digit > 0; digit /= 10) {
      put(static_cast<char>('0' + (fraction / digit) % 10));
    }
  }
  if (exponent > 0) {
    put('E');
    unsignedDecimal(static_cast<uint32_t>(exponent));
  }
}

void SnowlineOut::crcField() {
  uint16_t value = state_.crc;
  hexByte(static_cast<uint8_t>(value >> 8));
  hexByte(static_cast<uint8_t>(value));
}
