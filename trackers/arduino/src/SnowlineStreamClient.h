// An Arduino Client over a Stream: lets the MQTT and HTTP emitters work on a board without a network interface,
// through its serial port and a TCP relay on the host, for example
//   socat FILE:/dev/ttyACM0,b115200,raw,echo=0 TCP:127.0.0.1:1883
// connect() cannot know whether the far side is there; the MQTT CONNACK or the HTTP status line tells.
#ifndef SNOWLINE_STREAM_CLIENT_H
#define SNOWLINE_STREAM_CLIENT_H

#include <Arduino.h>
#include <Client.h>

class SnowlineStreamClient : public Client {
 public:
  explicit SnowlineStreamClient(Stream& stream) : stream_(stream), open_(false) {}

  int connect(IPAddress, uint16_t) override { return open_ = true; }
  int connect(const char*, uint16_t) override { return open_ = true; }
  size_t write(uint8_t byte) override { return stream_.write(byte); }
  size_t write(const uint8_t* buffer, size_t size) override { return stream_.write(buffer, size); }
  int available() override { return stream_.available(); }
  int read() override { return stream_.read(); }
  int read(uint8_t* buffer, size_t size) override {
    size_t count = 0;
    while (count < size && stream_.available() > 0) buffer[count++] = static_cast<uint8_t>(stream_.read());
    return static_cast<int>(count);
  }
  int peek() override { return stream_.peek(); }
  void flush() override { stream_.flush(); }
  void stop() override { open_ = false; }
  uint8_t connected() override { return open_; }
  operator bool() override { return open_; }

 private:
  Stream& stream_;
  bool open_;
};

#endif
