// A Print that gathers bytes and hands them to a Client in chunks: an Ethernet client sends one TCP segment per
// write() call, so writing byte by byte would send one packet per byte. Optionally percent-encodes what a URL
// must not carry raw (the JSON punctuation of a querystring).
#ifndef SNOWLINE_CLIENT_WRITER_H
#define SNOWLINE_CLIENT_WRITER_H

#include <Arduino.h>
#include <Client.h>
#include "SnowlineConfig.h"

class SnowlineClientWriter : public Print {
 public:
  SnowlineClientWriter(Client& client, bool urlSafe = false) : client_(client), length_(0), urlSafe_(urlSafe) {}
  ~SnowlineClientWriter() { flushChunk(); }

  size_t write(uint8_t byte) override;
  using Print::write;
  void flushChunk();

 private:
  void store(uint8_t byte);

  Client& client_;
  uint8_t chunk_[SNOWLINE_CLIENT_CHUNK_BYTES];
  uint8_t length_;
  bool urlSafe_;
};

// Implementation in the header on purpose: the core's IPAddress.h (through Client.h) defines a global with a constructor in every file that includes it, so a .cpp here would add it to every sketch, even one that never uses this emitter.

// Characters a URL query carries raw (RFC 3986 unreserved, sub-delims, ":" "@" "/" "?" and the "%" of escapes
// already made).
static inline bool snowlineUrlSafeChar(uint8_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-': case '.': case '_': case '~': case '%': case '&': case '=': case '+': case '!': case '*':
    case '\'': case '(': case ')': case ',': case ';': case ':': case '@': case '/': case '?':
      return true;
    default:
      return false;
  }
}

inline void SnowlineClientWriter::store(uint8_t byte) {
  chunk_[length_++] = byte;
  if (length_ == sizeof chunk_) flushChunk();
}

inline size_t SnowlineClientWriter::write(uint8_t byte) {
  if (urlSafe_ && !snowlineUrlSafeChar(byte)) {
    static const char HEX_DIGITS[] PROGMEM = "0123456789ABCDEF";
    store('%');
    store(pgm_read_byte(&HEX_DIGITS[byte >> 4]));
    store(pgm_read_byte(&HEX_DIGITS[byte & 0x0F]));
  } else {
    store(byte);
  }
  return 1;
}

inline void SnowlineClientWriter::flushChunk() {
  if (length_ > 0) client_.write(chunk_, length_);
  length_ = 0;
}

#endif
