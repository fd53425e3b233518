// One property of a self-describing event: a name and a number, boolean or string. An array of these, on the
// stack, describes a flat JSON object without any heap:
//   SnowlineField fields[] = { SnowlineField(F("watts"), watts), SnowlineField(F("ok"), true) };
#ifndef SNOWLINE_FIELD_H
#define SNOWLINE_FIELD_H

#include <Arduino.h>
#include "SnowlineOut.h"
#include "SnowlineText.h"

class SnowlineField {
 public:
  SnowlineField(SnowlineText name, int value) : name_(name), kind_(INTEGER), decimals_(0), integer_(value), real_(0) {}
  SnowlineField(SnowlineText name, long value) : name_(name), kind_(INTEGER), decimals_(0), integer_(value), real_(0) {}
  SnowlineField(SnowlineText name, unsigned int value) : name_(name), kind_(UNSIGNED), decimals_(0), integer_(static_cast<int32_t>(value)), real_(0) {}
  SnowlineField(SnowlineText name, unsigned long value) : name_(name), kind_(UNSIGNED), decimals_(0), integer_(static_cast<int32_t>(value)), real_(0) {}
  SnowlineField(SnowlineText name, float value, uint8_t decimals = 2) : name_(name), kind_(REAL), decimals_(decimals), integer_(0), real_(value) {}
  SnowlineField(SnowlineText name, double value, uint8_t decimals = 2) : name_(name), kind_(REAL), decimals_(decimals), integer_(0), real_(value) {}
  SnowlineField(SnowlineText name, bool value) : name_(name), kind_(BOOLEAN), decimals_(0), integer_(value ? 1 : 0), real_(0) {}
  SnowlineField(SnowlineText name, const char* value) : name_(name), kind_(STRING), decimals_(0), integer_(0), real_(0), string_(value) {}
  SnowlineField(SnowlineText name, const __FlashStringHelper* value) : name_(name), kind_(STRING), decimals_(0), integer_(0), real_(0), string_(value) {}

  // Writes "name":value, with the JSON and querystring escaping a frame payload needs.
  void writeJson() const;

 private:
  enum Kind : uint8_t { INTEGER, UNSIGNED, REAL, BOOLEAN, STRING };
  SnowlineText name_;
  Kind kind_;
  uint8_t decimals_;
  int32_t integer_;
  double real_;
  SnowlineText string_;
};

#endif
