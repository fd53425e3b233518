// The few parts of the Arduino core the Snowline library uses, for host-compiled (g++) tests: Print, Stream,
// Client, flash-string helpers that read ordinary memory, and a millis() the test sets.
#ifndef SNOWLINE_HOST_ARDUINO_H
#define SNOWLINE_HOST_ARDUINO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PROGMEM
#define pgm_read_byte(address) (*reinterpret_cast<const uint8_t*>(address))
#define pgm_read_dword(address) (*reinterpret_cast<const uint32_t*>(address))
#define pgm_read_word(address) (*reinterpret_cast<const uint16_t*>(address))
class __FlashStringHelper;
#define F(literal) (reinterpret_cast<const __FlashStringHelper*>(literal))

extern uint32_t hostMillis;
inline uint32_t millis() { return hostMillis; }

class Print {
 public:
  virtual ~Print() {}
  virtual size_t write(uint8_t byte) = 0;
  virtual size_t write(const uint8_t* buffer, size_t size) {
    for (size_t index = 0; index < size; index++) write(buffer[index]);
    return size;
  }
  virtual int availableForWrite() { return 0; }
  virtual void flush() {}
};

class Stream : public Print {
 public:
  virtual int available() = 0;
  virtual int read() = 0;
  virtual int peek() = 0;
};

class IPAddress {};

class Client : public Stream {
 public:
  virtual int connect(IPAddress ip, uint16_t port) = 0;
  virtual int connect(const char* host, uint16_t port) = 0;
  virtual int read(uint8_t* buffer, size_t size) = 0;
  using Stream::read;
  virtual void stop() = 0;
  virtual uint8_t connected() = 0;
  virtual operator bool() = 0;
};

#endif
