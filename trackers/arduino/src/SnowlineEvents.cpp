// Building events: the tracker-protocol parameters of struct and self-describing events, stored once in the
// tracker's buffer.
#include "SnowlineTracker.h"

typedef const __FlashStringHelper* FlashText;

struct SnowlineStructEvent {
  SnowlineStructEvent(FlashText category, FlashText action, FlashText label, FlashText property)
      : writeValue(0), decimals(0), integer(0), real(0) {
    texts[0] = category;
    texts[1] = action;
    texts[2] = label;
    texts[3] = property;
  }
  SnowlineStructEvent(const char* category, const char* action, const char* label, const char* property)
      : writeValue(0), decimals(0), integer(0), real(0) {
    texts[0] = category;
    texts[1] = action;
    texts[2] = label;
    texts[3] = property;
  }
  SnowlineText texts[4];
  // Through a pointer so that a sketch that never tracks a float links no floating-point code (about 1.5 KB).
  void (*writeValue)(SnowlineOut& out, const SnowlineStructEvent& event);
  uint8_t decimals;
  int32_t integer;
  double real;
};

static void writeIntegerValue(SnowlineOut& out, const SnowlineStructEvent& event) { out.decimal(event.integer); }

static void writeRealValue(SnowlineOut& out, const SnowlineStructEvent& event) { out.fixed(event.real, event.decimals); }

// The parameter names in one flash string: one per text of the event, then se_va.
static const char STRUCT_PARAMS[] PROGMEM = "e=se&se_ca=\0&se_ac=\0&se_la=\0&se_pr=\0&se_va=";

static void writeStructBody(SnowlineOut& out, const void* context) {
  const SnowlineStructEvent& event = *static_cast<const SnowlineStructEvent*>(context);
  const char* name = STRUCT_PARAMS;
  for (uint8_t index = 0; index < 4; index++) {
    if (!event.texts[index].missing()) {
      out.flash(reinterpret_cast<FlashText>(name));
      out.text(event.texts[index], SNOWLINE_QUERY);
    }
    while (pgm_read_byte(name++) != 0) {
    }
  }
  if (event.writeValue) {
    out.flash(reinterpret_cast<FlashText>(name));
    event.writeValue(out, event);
  }
}

bool SnowlineTracker::trackStruct(const SnowlineStructEvent& event) {
  if (event.texts[0].missing() || event.texts[1].missing()) return false;
  return store(0, writeStructBody, &event);
}

// se_va is a decimal: NaN and infinities are left out rather than sent as text enrich would reject.
static bool finite(double value) { return value == value && value < 3.4e38 && value > -3.4e38; }

bool SnowlineTracker::trackStructEvent(FlashText category, FlashText action, FlashText label, FlashText property) {
  return trackStruct(SnowlineStructEvent(category, action, label, property));
}
bool SnowlineTracker::trackStructEvent(FlashText category, FlashText action, FlashText label, FlashText property, int value) {
  return trackStructEvent(category, action, label, property, static_cast<long>(value));
}
bool SnowlineTracker::trackStructEvent(FlashText category, FlashText action, FlashText label, FlashText property, long value) {
  SnowlineStructEvent event(category, action, label, property);
  event.writeValue = writeIntegerValue;
  event.integer = value;
  return trackStruct(event);
}
bool SnowlineTracker::trackStructEvent(FlashText category, FlashText action, FlashText label, FlashText property, double value,
                                       uint8_t decimals) {
  SnowlineStructEvent event(category, action, label, property);
  if (finite(value)) event.writeValue = writeRealValue;
  event.real = value;
  event.decimals = decimals;
  return trackStruct(event);
}
bool SnowlineTracker::trackStructEvent(const char* category, const char* action, const char* label, const char* property) {
  return trackStruct(SnowlineStructEvent(category, action, label, property));
}
bool SnowlineTracker::trackStructEvent(const char* category, const char* action, const char* label, const char* property, int value) {
  return trackStructEvent(category, action, label, property, static_cast<long>(value));
}
bool SnowlineTracker::trackStructEvent(const char* category, const char* action, const char* label, const char* property, long value) {
  SnowlineStructEvent event(category, action, label, property);
  event.writeValue = writeIntegerValue;
  event.integer = value;
  return trackStruct(event);
}
bool SnowlineTracker::trackStructEvent(const char* category, const char* action, const char* label, const char* property, double value,
                                       uint8_t decimals) {
  SnowlineStructEvent event(category, action, label, property);
  if (finite(value)) event.writeValue = writeRealValue;
  event.real = value;
  event.decimals = decimals;
  return trackStruct(event);
}

struct SelfDescribingEvent {
  const SnowlineText* schema;
  const SnowlineField* fields;
  uint8_t fieldCount;
};

// The unstruct_event wrapper comes from flash when the event is sent; the buffer keeps only the inner JSON.
static void writeSelfDescribingWrapper(SnowlineOut& out, bool opening) {
  if (opening) out.flash(F("e=ue&ue_pr={\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":"));
  else out.put('}');
}

static void writeSelfDescribingBody(SnowlineOut& out, const void* context) {
  const SelfDescribingEvent& event = *static_cast<const SelfDescribingEvent*>(context);
  out.flash(F("{\"schema\":\""));
  out.text(*event.schema, SNOWLINE_JSON_STRING);
  out.flash(F("\",\"data\":{"));
  for (uint8_t index = 0; index < event.fieldCount; index++) {
    if (index > 0) out.put(',');
    event.fields[index].writeJson(out);
  }
  out.flash(F("}}"));
}

bool SnowlineTracker::trackSelfDescribingEvent(SnowlineText schema, const SnowlineField* fields, uint8_t fieldCount) {
  if (schema.missing()) return false;
  wrapperWriter_ = writeSelfDescribingWrapper;
  SelfDescribingEvent event = {&schema, fields, fieldCount};
  return store(SNOWLINE_FLAG_SELF_DESCRIBING, writeSelfDescribingBody, &event);
}
