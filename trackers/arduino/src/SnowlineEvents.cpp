// Building events: the tracker-protocol parameters of struct and self-describing events, stored once in the
// tracker's buffer.
#include "SnowlineCompact.h"
#include "SnowlineTracker.h"

typedef const __FlashStringHelper* FlashText;


static void writeLongValue(const SnowlineStructValue& value) { SnowlineOut::decimal(static_cast<int32_t>(value.longInteger)); }

SNOWLINE_COMPACT static void writeIntValue(const SnowlineStructValue& value) { SnowlineOut::decimal(value.integer); }

static void writeRealValue(const SnowlineStructValue& value) { SnowlineOut::fixed(value.real.number, value.real.decimals); }

// The parameter names, each padded to 8 bytes so that the next is 8 further on: one per text, then se_va.
static const char STRUCT_PARAMS[] PROGMEM = "&se_ca=\0&se_ac=\0&se_la=\0&se_pr=\0&se_va=";

SNOWLINE_COMPACT static void writeStructBody(const void* context) {
  const SnowlineStructEvent& event = *static_cast<const SnowlineStructEvent*>(context);
  SnowlineOut::flash(F("e=se"));
  const char* name = STRUCT_PARAMS;
  for (uint8_t index = 0; index < 4; index++, name += 8) {
    if (event.texts[index]) {
      SnowlineOut::flash(reinterpret_cast<FlashText>(name));
      SnowlineOut::text(SnowlineText(event.texts[index], event.inFlash), SNOWLINE_QUERY);
    }
  }
  if (event.writeValue) {
    SnowlineOut::flash(reinterpret_cast<FlashText>(name));
    event.writeValue(event.value);
  }
}

SNOWLINE_COMPACT bool SnowlineTracker::trackStruct(bool inFlash, const char* category, const char* action, const char* label, const char* property,
                                  SnowlineValueWriter writeValue) {
  if (!category || !action) return false;
  SnowlineStructEvent* event = snowlineOpaque(&structEvent_);
  event->texts[0] = category;
  event->texts[1] = action;
  event->texts[2] = label;
  event->texts[3] = property;
  event->inFlash = inFlash;
  event->writeValue = writeValue;
  return store(0, writeStructBody, event);
}

// se_va is a decimal: NaN and infinities are left out rather than sent as text enrich would reject.
static bool finite(double value) { return value == value && value < 3.4e38 && value > -3.4e38; }

static const char* chars(FlashText text) { return reinterpret_cast<const char*>(text); }

bool SnowlineTracker::trackStructEvent(FlashText category, FlashText action, FlashText label, FlashText property) {
  return trackStruct(true, chars(category), chars(action), chars(label), chars(property), 0);
}
bool SnowlineTracker::trackStructEvent(FlashText category, FlashText action, FlashText label, FlashText property, int value) {
  structEvent_.value.integer = value;
  return trackStruct(true, chars(category), chars(action), chars(label), chars(property), writeIntValue);
}
bool SnowlineTracker::trackStructEvent(FlashText category, FlashText action, FlashText label, FlashText property, long value) {
  structEvent_.value.longInteger = value;
  return trackStruct(true, chars(category), chars(action), chars(label), chars(property), writeLongValue);
}
bool SnowlineTracker::trackStructEvent(FlashText category, FlashText action, FlashText label, FlashText property, double value,
                                       uint8_t decimals) {
  structEvent_.value.real.number = value;
  structEvent_.value.real.decimals = decimals;
  return trackStruct(true, chars(category), chars(action), chars(label), chars(property), finite(value) ? writeRealValue : 0);
}
bool SnowlineTracker::trackStructEvent(const char* category, const char* action, const char* label, const char* property) {
  return trackStruct(false, category, action, label, property, 0);
}
bool SnowlineTracker::trackStructEvent(const char* category, const char* action, const char* label, const char* property, int value) {
  structEvent_.value.integer = value;
  return trackStruct(false, category, action, label, property, writeIntValue);
}
bool SnowlineTracker::trackStructEvent(const char* category, const char* action, const char* label, const char* property, long value) {
  structEvent_.value.longInteger = value;
  return trackStruct(false, category, action, label, property, writeLongValue);
}
bool SnowlineTracker::trackStructEvent(const char* category, const char* action, const char* label, const char* property, double value,
                                       uint8_t decimals) {
  structEvent_.value.real.number = value;
  structEvent_.value.real.decimals = decimals;
  return trackStruct(false, category, action, label, property, finite(value) ? writeRealValue : 0);
}

struct SelfDescribingEvent {
  const SnowlineText* schema;
  const SnowlineField* fields;
  uint8_t fieldCount;
};

// The unstruct_event wrapper comes from flash when the event is sent; the buffer keeps only the inner JSON.
static void writeSelfDescribingWrapper(bool opening) {
  if (opening) SnowlineOut::flash(F("e=ue&ue_pr={\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":"));
  else SnowlineOut::put('}');
}

static void writeSelfDescribingBody(const void* context) {
  const SelfDescribingEvent& event = *static_cast<const SelfDescribingEvent*>(context);
  SnowlineOut::flash(F("{\"schema\":\""));
  SnowlineOut::text(*event.schema, SNOWLINE_JSON_STRING);
  SnowlineOut::flash(F("\",\"data\":{"));
  for (uint8_t index = 0; index < event.fieldCount; index++) {
    if (index > 0) SnowlineOut::put(',');
    event.fields[index].writeJson();
  }
  SnowlineOut::flash(F("}}"));
}

bool SnowlineTracker::trackSelfDescribingEvent(SnowlineText schema, const SnowlineField* fields, uint8_t fieldCount) {
  if (schema.missing()) return false;
  wrapperWriter_ = writeSelfDescribingWrapper;
  SelfDescribingEvent event = {&schema, fields, fieldCount};
  return store(SNOWLINE_FLAG_SELF_DESCRIBING, writeSelfDescribingBody, &event);
}
