#include "SnowlineSerialEmitter.h"
#include "SnowlineCrc16.h"
#include "SnowlineTracker.h"
#include <string.h>

SnowlineSerialEmitter::SnowlineSerialEmitter(Stream& stream)
    : stream_(stream) {
  memset(&bootId_, 0, static_cast<size_t>(reinterpret_cast<uint8_t*>(this + 1) - reinterpret_cast<uint8_t*>(&bootId_)));
}

bool SnowlineSerialEmitter::send(SnowlineTracker& tracker, const SnowlineRecord& record) {
  SnowlineOut out(stream_);
  tracker.writeFrame(out, record, millis(), true);
  return true;
}

void SnowlineSerialEmitter::poll(SnowlineTracker& tracker) {
  // Bounded, so that a flood of input cannot hold loop() here.
  for (uint8_t budget = 64; budget > 0 && stream_.available() > 0; budget--) {
    receive(tracker, static_cast<uint8_t>(stream_.read()));
  }
}

static uint8_t hexNibble(uint8_t c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

// `$1A|<boot>|<seq>|<CRC>` and `$1N|<reason>|<CRC>`. Characters are not validated one by one: the CRC decides
// whether a complete line counts, and a `$` always starts over.
void SnowlineSerialEmitter::receive(SnowlineTracker& tracker, uint8_t byte) {
  if (byte == '$') {
    position_ = 0;
    separators_ = 0;
    crcDigits_ = 0;
    value_ = 0;
    crc_ = 0xFFFF;
  } else if (position_ == 0) {
    return;
  }
  if (position_ < 255) position_++;
  if (separators_ < (type_ == 'A' ? 3 : 2)) {
    crc_ = snowlineCrc16Update(crc_, byte);
    if (position_ == 2 && byte != '1') position_ = 0;
    if (position_ == 3) type_ = byte;
    if (byte == '|') {
      // The value before the second separator is the boot id; the sequence number stays in value_.
      if (++separators_ < 3) {
        bootId_ = value_;
        value_ = 0;
      }
    } else {
      value_ = (value_ << 4) | hexNibble(byte);
    }
  } else if (byte == '\n') {
    if (crcDigits_ == 4 && receivedCrc_ == crc_) {
      if (type_ == 'A') tracker.acknowledge(bootId_, value_);
      else if (type_ == 'N') tracker.negativeAcknowledge();
    }
    position_ = 0;
  } else if (byte != '\r') {
    receivedCrc_ = static_cast<uint16_t>((receivedCrc_ << 4) | hexNibble(byte));
    crcDigits_++;
  }
}
