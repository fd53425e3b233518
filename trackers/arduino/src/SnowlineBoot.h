// Boot ids from a counter in EEPROM: 4 bytes at `address`, incremented once per boot (eeprom_update_dword only
// writes changed bytes, so 100,000 erase cycles last 100,000 boots). A fresh EEPROM reads 0xFFFFFFFF, which
// wraps to 0 on the first boot: still distinct from every later boot.
#ifndef SNOWLINE_BOOT_H
#define SNOWLINE_BOOT_H

#include <Arduino.h>
#include <avr/eeprom.h>

class SnowlineBoot {
 public:
  static uint32_t nextFromEeprom(uint16_t address = 0) {
    uint32_t* slot = reinterpret_cast<uint32_t*>(address);
    uint32_t bootId = eeprom_read_dword(slot) + 1;
    eeprom_update_dword(slot, bootId);
    return bootId;
  }
};

#endif
