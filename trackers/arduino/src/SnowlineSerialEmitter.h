// Sends events as serial-protocol v1 frames (docs/formats/serial.md) on a Stream (Serial, SoftwareSerial...) to
// `snowline bridge`, and reads the bridge's ACK/NAK lines from the same stream byte by byte, without a line buffer.
#ifndef SNOWLINE_SERIAL_EMITTER_H
#define SNOWLINE_SERIAL_EMITTER_H

#include <Arduino.h>
#include "SnowlineEmitter.h"

class SnowlineSerialEmitter : public SnowlineEmitter {
 public:
  explicit SnowlineSerialEmitter(Stream& stream);

  void poll(SnowlineTracker& tracker) override;
  bool send(SnowlineTracker& tracker, const SnowlineRecord& record) override;

  // Feeds one received byte to the ACK/NAK reader (poll() does this for every available byte).
  void receive(SnowlineTracker& tracker, uint8_t byte);

 private:
  Stream& stream_;
  // The line being read (see receive()); position_ is 0 outside a line, the rest is set by its `$`.
  uint8_t position_;
  uint8_t type_;
  uint8_t separators_;
  uint8_t digits_;
  uint16_t crc_;
  uint16_t fieldCrc_;
  // The last three hex fields read, the newest last.
  uint32_t fields_[3];
};

#endif
