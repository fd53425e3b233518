// A device id from a MAC address, "90:A2:DA:00:F8:A0", into a caller's 18-byte buffer (which must outlive the
// tracker, so make it a global).
#ifndef SNOWLINE_DEVICE_ID_H
#define SNOWLINE_DEVICE_ID_H

#include <Arduino.h>

static const uint8_t SNOWLINE_MAC_ID_BYTES = 18;

static inline const char* snowlineDeviceIdFromMac(const uint8_t mac[6], char out[SNOWLINE_MAC_ID_BYTES]) {
  for (uint8_t index = 0; index < 6; index++) {
    uint8_t high = mac[index] >> 4;
    uint8_t low = mac[index] & 0x0F;
    out[index * 3] = static_cast<char>(high < 10 ? '0' + high : 'A' + high - 10);
    out[index * 3 + 1] = static_cast<char>(low < 10 ? '0' + low : 'A' + low - 10);
    out[index * 3 + 2] = index < 5 ? ':' : '\0';
  }
  return out;
}

#endif
