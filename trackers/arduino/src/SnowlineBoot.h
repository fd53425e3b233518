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
    uint32_t bootId = 0;
    uint8_t carry = 1;
    for (uint8_t* end = slot + 4; slot != end; slot++) {
      uint8_t byte = static_cast<uint8_t>(eeprom_read_byte(slot) + carry);
      if (byte != 0) carry = 0;
      eeprom_update_byte(slot, byte);
      // Shifts by whole bytes are register moves, not shifts, on an AVR: no copy in memory needed.
      bootId = (bootId >> 8) | (static_cast<uint32_t>(byte) << 24);
    }
    return bootId;
  }
};

#endif
