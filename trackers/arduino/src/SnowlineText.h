// A string that lives either in flash (F("...")) or in RAM, so that every API takes both without copies.
#ifndef SNOWLINE_TEXT_H
#define SNOWLINE_TEXT_H

#include <Arduino.h>

class SnowlineText {
 public:
  SnowlineText() : chars_(0), inFlash_(false) {}
  SnowlineText(decltype(nullptr)) : chars_(0), inFlash_(false) {}
  SnowlineText(const char* chars) : chars_(chars), inFlash_(false) {}
  SnowlineText(const char* chars, bool inFlash) : chars_(chars), inFlash_(inFlash) {}
  SnowlineText(const __FlashStringHelper* chars) : chars_(reinterpret_cast<const char*>(chars)), inFlash_(true) {}

  // For a string in a PROGMEM array (F() only works inside functions, so globals use PROGMEM arrays).
  static SnowlineText fromProgmem(const char* chars) { return SnowlineText(reinterpret_cast<const __FlashStringHelper*>(chars)); }

  bool missing() const { return chars_ == 0; }
  char at(size_t index) const {
    return inFlash_ ? static_cast<char>(pgm_read_byte(chars_ + index)) : chars_[index];
  }

 private:
  const char* chars_;
  bool inFlash_;
};

#endif
