#include "SnowlineSerialEmitter.h"
#include "SnowlineCompact.h"
#include "SnowlineCrc16.h"
#include "SnowlineTracker.h"
#include <string.h>

SnowlineSerialEmitter::SnowlineSerialEmitter(Stream& stream)
    : stream_(stream), position_(0) {}

SNOWLINE_COMPACT bool SnowlineSerialEmitter::send(SnowlineTracker& tracker, const SnowlineRecord& record) {
  SnowlineOut::startPrinting(stream_);
  tracker.writeFrame(record, millis(), true);
  return true;
}

SNOWLINE_COMPACT void SnowlineSerialEmitter::poll(SnowlineTracker& tracker) {
  // Bounded, so that a flood of input cannot hold loop() here. read() answers -1 when nothing is waiting: one
  // virtual call per byte, not two with available().
  for (uint8_t budget = 64; budget > 0; budget--) {
    int byte = stream_.read();
    if (byte < 0) return;
    receive(tracker, static_cast<uint8_t>(byte));
  }
}

static uint8_t hexNibble(uint8_t c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

// `$1A|<boot>|<seq>|<CRC>` and `$1N|<reason>|<CRC>`. Every field is read as hex into fields_[2]; a `|` shifts the
// fields down by one and remembers the CRC so far, so that at the line end fields_[2] holds the CRC field,
// fieldCrc_ the CRC it must match, and fields_[0] and fields_[1] the boot id and sequence number before it. Characters are not
// validated one by one: the CRC decides whether a complete line counts, and a `$` always starts over.
SNOWLINE_COMPACT void SnowlineSerialEmitter::receive(SnowlineTracker& tracker, uint8_t byte) {
  if (byte == '$') {
    position_ = 0;
    separators_ = 0;
    digits_ = 0;
    crc_ = 0xFFFF;
  } else if (position_ == 0 || byte == '\r') {
    return;
  } else if (byte == '\n') {
    if (digits_ == 4 && static_cast<uint16_t>(fields_[2]) == fieldCrc_) {
      if (type_ == 'A' && separators_ == 3) tracker.acknowledge(fields_[0], fields_[1]);
      else if (type_ == 'N' && separators_ == 2) tracker.negativeAcknowledge();
    }
    position_ = 0;
    return;
  }
  // An ACK line is at most 26 characters: anything longer is not one, and the counters cannot wrap.
  if (++position_ > 32 || (position_ == 2 && byte != '1')) {
    position_ = 0;
    return;
  }
  if (position_ == 3) type_ = byte;
  crc_ = snowlineCrc16Update(crc_, byte);
  if (byte == '|') {
    separators_++;
    fieldCrc_ = crc_;
    // Byte by byte: one short loop instead of twelve loads and stores.
    for (uint8_t *to = reinterpret_cast<uint8_t*>(fields_), *end = to + 8; to != end; to++) to[0] = to[4];
    fields_[2] = 0;
    digits_ = 0;
  } else {
    fields_[2] = (fields_[2] << 4) | hexNibble(byte);
    digits_++;
  }
}
