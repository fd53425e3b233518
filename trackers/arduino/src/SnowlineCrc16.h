// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): bit-serial, so no 512-byte table in flash.
#ifndef SNOWLINE_CRC16_H
#define SNOWLINE_CRC16_H

#include <stdint.h>

// Out of line on purpose: one copy in flash however many places use it.
uint16_t snowlineCrc16Update(uint16_t crc, uint8_t byte) __attribute__((noinline));

#endif
