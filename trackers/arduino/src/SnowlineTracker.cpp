#include "SnowlineCompact.h"
#include "SnowlineTracker.h"
#include <string.h>

SnowlineTracker::SnowlineTracker(SnowlineEmitter& emitter, SnowlineText appId, SnowlineText deviceId, SnowlineText firmwareVersion)
    : emitter_(emitter), appId_(appId), deviceId_(deviceId), firmwareVersion_(firmwareVersion) {}

SNOWLINE_COMPACT void SnowlineTracker::begin(uint32_t bootId) {
  memset(&bootId_, 0, static_cast<size_t>(reinterpret_cast<uint8_t*>(this + 1) - reinterpret_cast<uint8_t*>(&bootId_)));
  bootId_ = bootId;
  backoffMs_ = SNOWLINE_RETRY_MIN_MS;
}

uint8_t* SnowlineTracker::headerOf(uint8_t index) const {
  uint8_t* header = const_cast<uint8_t*>(ring_);
  while (index-- > 0) header += SNOWLINE_RECORD_HEADER_BYTES + *header;
  return header;
}

bool SnowlineTracker::recordAt(uint8_t index, SnowlineRecord& record) const {
  if (index >= count_) return false;
  record.header = headerOf(index);
  record.seq = headSeq_ + static_cast<uint8_t>(index + 1);
  return true;
}

uint8_t SnowlineTracker::pendingEvents() const {
  uint8_t pending = 0;
  SnowlineRecord record;
  for (uint8_t index = 0; recordAt(index, record); index++) {
    if (!(record.flags() & SNOWLINE_FLAG_ACKED)) pending++;
  }
  return pending;
}

// Out of line: popOldest() counts two 32-bit values up. Byte by byte with the carry, lowest first (the AVR's order).
SNOWLINE_COMPACT static void __attribute__((noinline)) countUp(uint32_t* value) {
  uint8_t* byte = reinterpret_cast<uint8_t*>(value);
  for (uint8_t left = 4; left > 0 && ++*byte == 0; left--) byte++;
}

SNOWLINE_COMPACT void SnowlineTracker::popOldest() {
  // Only a full buffer removes an unacknowledged event (acknowledge() pops acknowledged ones): that is a drop.
  if (!(ring_[1] & SNOWLINE_FLAG_ACKED)) countUp(&droppedTotal_);
  uint16_t size = SNOWLINE_RECORD_HEADER_BYTES + ring_[0];
  // A plain loop: memmove would be linked for this one call, and copying down needs none of its cases. Up to the end
  // of the buffer, not of the records: the bytes past them are never read, and no count of used bytes is kept.
  for (uint8_t *to = ring_, *from = ring_ + size; from != ring_ + SNOWLINE_RING_BYTES;) *to++ = *from++;
  if (sentCount_ > 0) sentCount_--;
  count_--;
  countUp(&headSeq_);
}

SNOWLINE_COMPACT bool SnowlineTracker::store(uint8_t flags, BodyWriter writer, const void* context) {
  SnowlineOut::startCounting();
  writer(context);
  uint16_t length = SnowlineOut::count();
  // count_ cannot reach 255: every body is at least 18 bytes ("e=se&se_ca=&se_ac="), so 4096 bytes hold 170 records.
  if (length > SNOWLINE_MAX_PAYLOAD) return false;
  uint16_t size = SNOWLINE_RECORD_HEADER_BYTES + length;
  // The new record goes after the last one; the oldest are dropped until there is room for it.
  uint8_t* record;
  while (static_cast<uint16_t>(ring_ + SNOWLINE_RING_BYTES - (record = headerOf(count_))) < size) popOldest();
  record[0] = static_cast<uint8_t>(length);
  record[1] = flags;
  uint32_t created = millis();
  memcpy(record + 2, &created, 4);
  SnowlineOut::startStoring(record + SNOWLINE_RECORD_HEADER_BYTES);
  writer(context);
  count_++;
  return true;
}

SNOWLINE_COMPACT void SnowlineTracker::acknowledge(uint32_t bootId, uint32_t seq, uint32_t seqMask) {
  snowlineOpaque(this)->markAcknowledged(bootId, seq, seqMask);
}

SNOWLINE_COMPACT void SnowlineTracker::markAcknowledged(uint32_t bootId, uint32_t seq, uint32_t seqMask) {
  uint32_t index = (seq - 1 - headSeq_) & seqMask;
  if (bootId != bootId_ || index >= count_) return;
  headerOf(static_cast<uint8_t>(index))[1] |= SNOWLINE_FLAG_ACKED;
  while (count_ > 0 && (ring_[1] & SNOWLINE_FLAG_ACKED)) popOldest();
  backoffMs_ = SNOWLINE_RETRY_MIN_MS;
  waitMs_ = SNOWLINE_RETRY_MIN_MS;
  armedAtMs_ = static_cast<uint16_t>(millis());
  retryArmed_ = count_ > 0;
}

void SnowlineTracker::negativeAcknowledge() {
  // Retransmit SNOWLINE_RETRY_MIN_MS after the timer was armed instead of after the backoff (which keeps doubling).
  waitMs_ = SNOWLINE_RETRY_MIN_MS;
}

void SnowlineTracker::update() { snowlineOpaque(this)->service(); }

void SnowlineTracker::service() {
  emitter_.poll(*this);
  uint16_t now = static_cast<uint16_t>(millis());
  if (retryArmed_ && static_cast<uint16_t>(now - armedAtMs_) >= waitMs_) {
    // A retransmission round: every unacknowledged event goes out again, oldest first, one per update().
    retryArmed_ = false;
    if (sentCount_ > 0) {
      sentCount_ = 0;
      backoffMs_ = backoffMs_ >= SNOWLINE_RETRY_MAX_MS / 2 ? SNOWLINE_RETRY_MAX_MS : backoffMs_ * 2;
    }
  }
  SnowlineRecord& record = sending_;
  // Acknowledged records are passed over; sentCount_ moves past them only together with the next one written
  // (walking them again costs nothing on the wire).
  for (uint8_t index = sentCount_; recordAt(index, record);) {
    index++;
    if (record.flags() & SNOWLINE_FLAG_ACKED) continue;
    if (!emitter_.send(*this, record)) return;
    if (!retryArmed_) {
      retryArmed_ = true;
      armedAtMs_ = now;
      waitMs_ = backoffMs_;
    }
    sentCount_ = index;
    return;
  }
}

SNOWLINE_COMPACT void SnowlineTracker::writeEventParams(const SnowlineRecord& record) const {
  // The flag is only ever set together with wrapperWriter_.
  bool wrapped = record.flags() & SNOWLINE_FLAG_SELF_DESCRIBING;
  if (wrapped) wrapperWriter_(true);
  const uint8_t* body = record.body();
  for (uint8_t remaining = record.length(); remaining > 0; remaining--) SnowlineOut::put(static_cast<char>(*body++));
  if (wrapped) wrapperWriter_(false);
  SnowlineOut::flash(F("&aid="));
  SnowlineOut::text(appId_, SNOWLINE_QUERY);
  SnowlineOut::flash(F("&tv=" SNOWLINE_TRACKER_VERSION));
}

void snowlineWriteFrameHeader(SnowlineText deviceId, const uint32_t numbers[5]) {
  SnowlineOut::flash(F("$1E|"));
  SnowlineOut::text(deviceId);
  for (uint8_t index = 0; index < 5; index++) SnowlineOut::hexField(&numbers[index]);
  SnowlineOut::put('|');
}

SNOWLINE_COMPACT void SnowlineTracker::writeFrame(const SnowlineRecord& record, uint32_t sentUptimeMs, bool lineEnd) const {
  // Stored first, so that the value is not kept in registers across the calls before its field.
  sentUptimeMs_ = sentUptimeMs;
  // The same header as snowlineWriteFrameHeader, field by field: no array of the numbers on the stack.
  SnowlineOut::flash(F("$1E|"));
  SnowlineOut::text(deviceId_);
  SnowlineOut::hexField(&bootId_);
  SnowlineOut::hexField(&record.seq);
  SnowlineOut::hexField(record.createdUptimeBytes());
  SnowlineOut::hexField(&sentUptimeMs_);
  SnowlineOut::hexField(&droppedTotal_);
  SnowlineOut::put('|');
  writeEventParams(record);
  if (!firmwareVersion_.missing()) {
    SnowlineOut::flash(F("&fw="));
    SnowlineOut::text(firmwareVersion_, SNOWLINE_QUERY);
  }
  SnowlineOut::put('|');
  SnowlineOut::crcField();
  if (lineEnd) SnowlineOut::flash(F("\r\n"));
}

void SnowlineTracker::writeQuery(const SnowlineRecord& record, uint32_t uptimeMs, SnowlineText transport) const {
  writeEventParams(record);
  SnowlineOut::flash(F("&p=iot&co={\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\",\"data\":[{"
             "\"schema\":\"iglu:io.snowline/device/jsonschema/1-0-0\",\"data\":{\"deviceId\":\""));
  SnowlineOut::text(deviceId_, SNOWLINE_JSON_STRING);
  SnowlineOut::flash(F("\",\"bootId\":"));
  SnowlineOut::unsignedDecimal(bootId_);
  SnowlineOut::flash(F(",\"sequence\":"));
  SnowlineOut::unsignedDecimal(record.seq);
  if (!firmwareVersion_.missing()) {
    SnowlineOut::flash(F(",\"firmwareVersion\":\""));
    SnowlineOut::text(firmwareVersion_, SNOWLINE_JSON_STRING);
    SnowlineOut::put('"');
  }
  SnowlineOut::flash(F(",\"uptimeMs\":"));
  SnowlineOut::unsignedDecimal(uptimeMs);
  SnowlineOut::flash(F(",\"droppedTotal\":"));
  SnowlineOut::unsignedDecimal(droppedTotal_);
  SnowlineOut::flash(F(",\"transport\":\""));
  SnowlineOut::text(transport);
  SnowlineOut::flash(F("\"}}]}"));
}
