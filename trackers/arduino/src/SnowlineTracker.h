// The tracker: builds tracker-protocol events, keeps them in a fixed ring buffer until the emitter reports them
// acknowledged, and retransmits with exponential backoff. No heap; all state is in this object.
#ifndef SNOWLINE_TRACKER_H
#define SNOWLINE_TRACKER_H

#include <Arduino.h>
#include <string.h>
#include "SnowlineConfig.h"
#include "SnowlineEmitter.h"
#include "SnowlineField.h"
#include "SnowlineOut.h"
#include "SnowlineText.h"

// Record header in the buffer: body length, flags, created uptime (4 bytes, little-endian). Sequence numbers are
// not stored: records stay in tracking order, so record i has seq headSeq_ + 1 + i.
static const uint8_t SNOWLINE_RECORD_HEADER_BYTES = 6;
static const uint8_t SNOWLINE_FLAG_ACKED = 1;
static const uint8_t SNOWLINE_FLAG_SELF_DESCRIBING = 2;
// Written at least once (set by emitters that need it, through markSent()): a later send is a re-delivery.
static const uint8_t SNOWLINE_FLAG_SENT = 4;

// One buffered event, as emitters see it: its record in the tracker's buffer (read in place, not copied) and its
// sequence number.
struct SnowlineRecord {
  uint8_t* header;
  uint32_t seq;

  uint8_t length() const { return header[0]; }
  uint8_t flags() const { return header[1]; }
  // The created uptime's 4 bytes, little-endian (SnowlineOut::hexField reads them as they are).
  const uint8_t* createdUptimeBytes() const { return header + 2; }
  uint32_t createdUptimeMs() const {
    uint32_t value;
    memcpy(&value, header + 2, 4);
    return value;
  }
  const uint8_t* body() const { return header + SNOWLINE_RECORD_HEADER_BYTES; }
};

// Writes (to the current SnowlineOut) the part of an event's parameters that is not stored with it (the
// self-describing wrapper).
typedef void (*SnowlineWrapperWriter)(bool opening);
// The value of a struct event (se_va), as the trackStructEvent() overload was given it.
union SnowlineStructValue {
  int integer;
  long longInteger;
  struct {
    double number;
    uint8_t decimals;
  } real;
};

// Writes the value of a struct event (se_va).
typedef void (*SnowlineValueWriter)(const SnowlineStructValue& value);

// A struct event while it is being stored (the two passes of SnowlineTracker::store read it).
struct SnowlineStructEvent {
  const char* texts[4];  // category, action, label, property: all in flash or all in RAM
  bool inFlash;
  // The value's writer, or none. Through a pointer so that a sketch that never tracks a float links no
  // floating-point code (about 1.5 KB).
  SnowlineValueWriter writeValue;
  // Copied here by the overload, so that the sketch's call needs no stack space for it.
  SnowlineStructValue value;
};

// `$1E|<deviceId>|<bootId>|<seq>|<created>|<sent>|<dropped>|`: numbers in that order, as lower-case hex.
void snowlineWriteFrameHeader(SnowlineText deviceId, const uint32_t numbers[5]);

class SnowlineTracker {
 public:
  // appId, deviceId and firmwareVersion are kept by pointer: pass F("...") literals or strings that outlive the
  // tracker. deviceId: 1-32 of A-Z a-z 0-9 . _ : - (a MAC with colons works; see SnowlineDeviceId.h).
  SnowlineTracker(SnowlineEmitter& emitter, SnowlineText appId, SnowlineText deviceId, SnowlineText firmwareVersion = SnowlineText());

  // Call once in setup(), before update() or tracking: it sets up the buffer and timers (the constructor only keeps
  // its arguments). bootId must differ between boots
  // (SnowlineBoot::nextFromEeprom() keeps a counter in EEPROM); with the sequence number it names each event, so
  // that the bridge can drop retransmitted copies.
  void begin(uint32_t bootId);
  // Call from loop(): reads acknowledgements, sends new events, retransmits. Writes at most one event per call.
  void update();

  // Each returns true when the event is buffered for sending, false when it is refused (missing category or
  // action, or longer than SNOWLINE_MAX_PAYLOAD). When the buffer is full the oldest event is dropped and counted.
  // Strings in flash (F("...")), or all in RAM (const char*); nullptr leaves a label or property out.
  bool trackStructEvent(const __FlashStringHelper* category, const __FlashStringHelper* action,
                        const __FlashStringHelper* label = nullptr, const __FlashStringHelper* property = nullptr);
  bool trackStructEvent(const __FlashStringHelper* category, const __FlashStringHelper* action,
                        const __FlashStringHelper* label, const __FlashStringHelper* property, int value);
  bool trackStructEvent(const __FlashStringHelper* category, const __FlashStringHelper* action,
                        const __FlashStringHelper* label, const __FlashStringHelper* property, long value);
  bool trackStructEvent(const __FlashStringHelper* category, const __FlashStringHelper* action,
                        const __FlashStringHelper* label, const __FlashStringHelper* property, double value, uint8_t decimals = 2);
  bool trackStructEvent(const char* category, const char* action, const char* label = nullptr, const char* property = nullptr);
  bool trackStructEvent(const char* category, const char* action, const char* label, const char* property, int value);
  bool trackStructEvent(const char* category, const char* action, const char* label, const char* property, long value);
  bool trackStructEvent(const char* category, const char* action, const char* label, const char* property, double value, uint8_t decimals = 2);
  bool trackStructEvent(const __FlashStringHelper* category, const __FlashStringHelper* action,
                        const __FlashStringHelper* label, const __FlashStringHelper* property, float value, uint8_t decimals = 2) {
    return trackStructEvent(category, action, label, property, static_cast<double>(value), decimals);
  }
  bool trackStructEvent(const char* category, const char* action, const char* label, const char* property, float value, uint8_t decimals = 2) {
    return trackStructEvent(category, action, label, property, static_cast<double>(value), decimals);
  }
  // schema: "iglu:vendor/name/jsonschema/1-0-0"; fields: a flat JSON object.
  bool trackSelfDescribingEvent(SnowlineText schema, const SnowlineField* fields, uint8_t fieldCount);

  uint32_t bootId() const { return bootId_; }
  uint32_t droppedTotal() const { return droppedTotal_; }
  // Events buffered and not yet acknowledged.
  uint8_t pendingEvents() const;
  // The sequence number the next tracked event gets.
  uint32_t nextSeq() const { return headSeq_ + count_ + 1; }
  const SnowlineText& deviceId() const { return deviceId_; }

  // For emitters. seqMask lets MQTT acknowledge by its 16-bit packet id.
  void acknowledge(uint32_t bootId, uint32_t seq, uint32_t seqMask = 0xFFFFFFFFUL) __attribute__((noinline));
  // Remembers that an event has been written once (the MQTT emitter marks re-deliveries with DUP).
  void markSent(const SnowlineRecord& record) { record.header[1] |= SNOWLINE_FLAG_SENT; }
  // The bridge could not read a frame: retransmit soon (at most once per SNOWLINE_RETRY_MIN_MS).
  void negativeAcknowledge();
  // A serial-protocol v1 event frame (docs/formats/serial.md), with or without its line end, to the current
  // SnowlineOut (which the caller has started).
  void writeFrame(const SnowlineRecord& record, uint32_t sentUptimeMs, bool lineEnd) const;
  // The event as a tracker-protocol querystring for GET /i, device entity in `co` (for collectors, no bridge).
  void writeQuery(const SnowlineRecord& record, uint32_t uptimeMs, SnowlineText transport) const;

 private:
  typedef void (*BodyWriter)(const void* context);
  bool store(uint8_t flags, BodyWriter writer, const void* context);
  // The work of update(), called through a pointer the optimiser cannot fold (see snowlineOpaque()).
  void service();
  void markAcknowledged(uint32_t bootId, uint32_t seq, uint32_t seqMask);
  // Where record `index` starts in ring_ (out of line: store(), acknowledge() and recordAt() share it; headerOf(count_)
  // is where the next record goes).
  uint8_t* headerOf(uint8_t index) const __attribute__((noinline));
  bool recordAt(uint8_t index, SnowlineRecord& record) const;
  void popOldest();
  void writeEventParams(const SnowlineRecord& record) const;
  // Out of line: one copy for every overload.
  bool trackStruct(bool inFlash, const char* category, const char* action, const char* label, const char* property,
                   SnowlineValueWriter writeValue) __attribute__((noinline));

  SnowlineEmitter& emitter_;
  SnowlineText appId_;
  SnowlineText deviceId_;
  SnowlineText firmwareVersion_;
  // State from here to the end of ring_ is cleared by begin() in one memset (less flash than member initialisers).
  uint32_t bootId_;
  // Sequence numbers start at 1: the oldest record has seq headSeq_ + 1 (so begin() leaves it at 0).
  uint32_t headSeq_;
  uint32_t droppedTotal_;
  // Scratch space, here rather than on the stack (a stack frame costs the function that needs it about 30 bytes of
  // flash on an AVR), shared because the two are never in use at the same time: update()'s record being sent with
  // its frame's sent uptime (hexField() reads it in place), and the struct event being stored.
  union {
    struct {
      SnowlineRecord sending_;
      // Mutable: writeFrame() is const and stores the frame's sent uptime here.
      mutable uint32_t sentUptimeMs_;
    };
    SnowlineStructEvent structEvent_;
  };
  // The retransmission timer: armed at armedAtMs_, due waitMs_ later (the backoff, or less after a NAK). In 16 bits
  // (the low half of millis()): waits are at most SNOWLINE_RETRY_MAX_MS, and update() runs from loop() far more
  // often than every 65 s (a longer stall only delays a retransmission), for less code than 32-bit time on an AVR.
  uint16_t armedAtMs_;
  uint16_t backoffMs_;
  uint16_t waitMs_;
  uint8_t count_;
  // Records [0, sentCount_) have been written in the current round; a retransmission round resets it to 0.
  uint8_t sentCount_;
  bool retryArmed_;
  // Set by the first self-describing event, so that sketches without any link none of its code.
  SnowlineWrapperWriter wrapperWriter_;
  // Records back to back from the oldest at offset 0; acknowledging the oldest moves the rest down.
  uint8_t ring_[SNOWLINE_RING_BYTES];
};

#if SNOWLINE_RETRY_MAX_MS > 65535
#error "SNOWLINE_RETRY_MAX_MS must fit in 16 bits"
#endif

#endif
