#include "SnowlineSerialEmitter.h"
#include "SnowlineCrc16.h"
#include "SnowlineTracker.h"

SnowlineSerialEmitter::SnowlineSerialEmitter(Stream& stream)
    : stream_(stream), position_(0) {}

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

// `$1A|<boot>|<seq>|<CRC>` and `$1N|<reason>|<CRC>`. Every field is read as hex into value_; a `|` shifts the fields
// along (seq_ → bootId_, value_ → seq_) and remembers the CRC so far, so that at the line end value_ holds the CRC
// field, fieldCrc_ the CRC it must match, and seq_ and bootId_ the two fields before it. Characters are not
// validated one by one: the CRC decides whether a complete line counts, and a `$` always starts over.
void SnowlineSerialEmitter::receive(SnowlineTracker& tracker, uint8_t byte) {
  if (byte == '$') {
    position_ = 0;
    separators_ = 0;
    digits_ = 0;
    crc_ = 0xFFFF;
  } else if (position_ == 0 || byte == '\r') {
    return;
  } else if (byte == '\n') {
    if (digits_ == 4 && static_cast<uint16_t>(value_) == fieldCrc_) {
      if (type_ == 'A' && separators_ == 3) tracker.acknowledge(bootId_, seq_);
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
    bootId_ = seq_;
    seq_ = value_;
    value_ = 0;
    digits_ = 0;
  } else {
    value_ = (value_ << 4) | hexNibble(byte);
    digits_++;
  }
}
