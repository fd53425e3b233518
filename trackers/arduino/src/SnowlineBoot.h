// Boot ids from a counter in EEPROM: 4 bytes at `address`, incremented once per boot (eeprom_update_byte only
// writes changed bytes, so 100,000 erase cycles last 100,000 boots). A fresh EEPROM reads 0xFFFFFFFF, which
// wraps to 0 on the first boot: still distinct from every later boot.
#ifndef SNOWLINE_BOOT_H
#define SNOWLINE_BOOT_H

#include <Arduino.h>
#include <avr/eeprom.h>

class SnowlineBoot {
 public:
  static uint32_t nextFromEeprom(uint16_t address = 0) {
    // Byte by byte, lowest first (the AVR's byte order, as eeprom_read_dword reads it), carrying the increment: the
    // byte routines are all it links, and unchanged bytes are not rewritten.
    uint8_t* slot = reinterpret_cast<uint8_t*>(address);
    union {
      uint32_t value;
      uint8_t bytes[4];
    } bootId;
    uint8_t carry = 1;
    for (uint8_t* byte = bootId.bytes; byte != bootId.bytes + 4; byte++, slot++) {
      *byte = static_cast<uint8_t>(eeprom_read_byte(slot) + carry);
      if (*byte != 0) carry = 0;
      eeprom_update_byte(slot, *byte);
    }
    return bootId.value;
  }
};

#endif
