// Host harness for the Snowline Arduino library: runs the real library sources under g++ against a fake serial
// port and a settable clock, driven by tab-separated commands on stdin (see arduino-host.ts). Everything the
// library writes comes back as `tx` lines, byte for byte.
#include <Arduino.h>
#include <Snowline.h>
#include <SnowlineHttpEmitter.h>
#include <SnowlineMqttEmitter.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <new>
#include <string>
#include <vector>

uint32_t hostMillis = 0;

class HostSerial : public Stream {
 public:
  size_t write(uint8_t byte) override {
    written.push_back(static_cast<char>(byte));
    return 1;
  }
  int available() override { return static_cast<int>(received.size()); }
  int read() override {
    if (received.empty()) return -1;
    int byte = received.front();
    received.pop_front();
    return byte;
  }
  int peek() override { return received.empty() ? -1 : received.front(); }
  std::string written;
  std::deque<uint8_t> received;
};

// A network client whose bytes the test carries to a real server and back (`tx` out, `rx` in).
class HostClient : public Client {
 public:
  int connect(IPAddress, uint16_t) override { return connectResult; }
  int connect(const char* host, uint16_t port) override {
    std::cout << "connect\t" << host << "\t" << port << "\n";
    open = connectResult != 0;
    return connectResult;
  }
  size_t write(uint8_t byte) override {
    written.push_back(static_cast<char>(byte));
    return 1;
  }
  size_t write(const uint8_t* buffer, size_t size) override {
    written.append(reinterpret_cast<const char*>(buffer), size);
    return size;
  }
  int available() override { return static_cast<int>(received.size()); }
  int read() override {
    if (received.empty()) return -1;
    int byte = received.front();
    received.pop_front();
    return byte;
  }
  int read(uint8_t* buffer, size_t size) override {
    size_t count = 0;
    while (count < size && !received.empty()) buffer[count++] = static_cast<uint8_t>(read());
    return static_cast<int>(count);
  }
  int peek() override { return received.empty() ? -1 : received.front(); }
  void stop() override {
    if (open) std::cout << "stop\n";
    open = false;
  }
  uint8_t connected() override { return open; }
  operator bool() override { return open; }
  std::string written;
  std::deque<uint8_t> received;
  bool open = false;
  int connectResult = 1;
};

class Capture : public Print {
 public:
  size_t write(uint8_t byte) override {
    text.push_back(static_cast<char>(byte));
    return 1;
  }
  std::string text;
};

// Arguments arrive with \t \n \r \\ and \xHH escaped; "\N" alone means a null pointer.
static std::string unescape(const std::string& text) {
  std::string out;
  for (size_t index = 0; index < text.size(); index++) {
    char c = text[index];
    if (c != '\\' || index + 1 >= text.size()) {
      out.push_back(c);
      continue;
    }
    char next = text[++index];
    if (next == 't') out.push_back('\t');
    else if (next == 'n') out.push_back('\n');
    else if (next == 'r') out.push_back('\r');
    else if (next == 'x') {
      out.push_back(static_cast<char>(std::strtol(text.substr(index + 1, 2).c_str(), nullptr, 16)));
      index += 2;
    } else out.push_back(next);
  }
  return out;
}

static std::string escape(const std::string& bytes) {
  std::string out;
  char buffer[5];
  for (unsigned char c : bytes) {
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c >= 0x7f) {
      std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
      out += buffer;
    } else out.push_back(static_cast<char>(c));
  }
  return out;
}

// Strings the tracker keeps pointers to live here for the whole run.
static std::deque<std::string> keptStrings;
static const char* keep(const std::string& argument) {
  if (argument == "\\N") return nullptr;
  keptStrings.push_back(unescape(argument));
  return keptStrings.back().c_str();
}

static HostSerial serialPort;
static HostClient networkClient;
static SnowlineSerialEmitter serialEmitter(serialPort);
alignas(SnowlineMqttEmitter) static unsigned char mqttStorage[sizeof(SnowlineMqttEmitter)];
alignas(SnowlineHttpEmitter) static unsigned char httpStorage[sizeof(SnowlineHttpEmitter)];
static SnowlineEmitter* emitter = &serialEmitter;
alignas(SnowlineTracker) static unsigned char trackerStorage[sizeof(SnowlineTracker)];
static SnowlineTracker* tracker = nullptr;

static void flushWritten() {
  std::string& written = emitter == &serialEmitter ? serialPort.written : networkClient.written;
  if (written.empty()) return;
  std::cout << "tx\t" << escape(written) << "\n";
  written.clear();
}

static SnowlineField makeField(const std::string& name, const std::string& type, const std::string& value) {
  const char* keptName = keep(name);
  if (type == "i") return SnowlineField(keptName, std::strtol(value.c_str(), nullptr, 10));
  if (type == "u") return SnowlineField(keptName, static_cast<unsigned long>(std::strtoul(value.c_str(), nullptr, 10)));
  if (type == "d") return SnowlineField(keptName, std::strtod(value.c_str(), nullptr));
  if (type == "b") return SnowlineField(keptName, value == "1");
  return SnowlineField(keptName, keep(value));
}

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::vector<std::string> args;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) args.push_back(line.substr(start, tab - start));
    args.push_back(line.substr(start));
    const std::string& command = args[0];
    if (command == "millis") {
      hostMillis = static_cast<uint32_t>(std::strtoul(args.at(1).c_str(), nullptr, 10));
    } else if (command == "mqtt") {
      // mqtt <host> <port> <username|\N> <password|\N> <prefix|\N>
      emitter = new (mqttStorage) SnowlineMqttEmitter(networkClient, keep(args.at(1)), static_cast<uint16_t>(std::atoi(args.at(2).c_str())),
                                                      keep(args.at(3)), keep(args.at(4)), keep(args.at(5)));
    } else if (command == "http") {
      emitter = new (httpStorage) SnowlineHttpEmitter(networkClient, keep(args.at(1)), static_cast<uint16_t>(std::atoi(args.at(2).c_str())));
    } else if (command == "refuse-connections") {
      networkClient.connectResult = args.at(1) == "1" ? 0 : 1;
    } else if (command == "close-connection") {
      networkClient.open = false;
    } else if (command == "device") {
      tracker = new (trackerStorage) SnowlineTracker(*emitter, keep(args.at(1)), keep(args.at(2)), keep(args.at(3)));
    } else if (command == "begin") {
      tracker->begin(static_cast<uint32_t>(std::strtoul(args.at(1).c_str(), nullptr, 10)));
    } else if (command == "se") {
      const char* texts[4] = {keep(args.at(1)), keep(args.at(2)), keep(args.at(3)), keep(args.at(4))};
      const std::string& kind = args.at(5);
      bool stored;
      if (kind == "none") stored = tracker->trackStructEvent(texts[0], texts[1], texts[2], texts[3]);
      else if (kind == "int") stored = tracker->trackStructEvent(texts[0], texts[1], texts[2], texts[3], std::atoi(args.at(6).c_str()));
      else if (kind == "long") stored = tracker->trackStructEvent(texts[0], texts[1], texts[2], texts[3], std::atol(args.at(6).c_str()));
      else if (kind == "float") stored = tracker->trackStructEvent(texts[0], texts[1], texts[2], texts[3], std::strtof(args.at(6).c_str(), nullptr), static_cast<uint8_t>(std::atoi(args.at(7).c_str())));
      else stored = tracker->trackStructEvent(texts[0], texts[1], texts[2], texts[3], std::strtod(args.at(6).c_str(), nullptr), static_cast<uint8_t>(std::atoi(args.at(7).c_str())));
      std::cout << "stored\t" << (stored ? 1 : 0) << "\n";
    } else if (command == "sd") {
      std::vector<SnowlineField> fields;
      for (size_t index = 2; index + 2 < args.size(); index += 3) fields.push_back(makeField(args[index], args[index + 1], args[index + 2]));
      bool stored = tracker->trackSelfDescribingEvent(keep(args.at(1)), fields.data(), static_cast<uint8_t>(fields.size()));
      std::cout << "stored\t" << (stored ? 1 : 0) << "\n";
    } else if (command == "update") {
      tracker->update();
      flushWritten();
      std::cout << "updated\n";
    } else if (command == "rx") {
      std::deque<uint8_t>& received = emitter == &serialEmitter ? serialPort.received : networkClient.received;
      for (char c : unescape(args.at(1))) received.push_back(static_cast<uint8_t>(c));
    } else if (command == "state") {
      std::cout << "state\t" << static_cast<int>(tracker->pendingEvents()) << "\t" << tracker->droppedTotal() << "\t" << tracker->nextSeq() << "\n";
    } else if (command == "crc") {
      Capture capture;
      SnowlineOut::startPrinting(capture);
      for (char c : unescape(args.at(1))) SnowlineOut::put(c);
      std::printf("crc\t%04X\n", SnowlineOut::crc());
      std::fflush(stdout);
    } else if (command == "frame") {
      Capture capture;
      SnowlineOut::startPrinting(capture);
      const uint32_t numbers[5] = {
          static_cast<uint32_t>(std::strtoul(args.at(2).c_str(), nullptr, 10)), static_cast<uint32_t>(std::strtoul(args.at(3).c_str(), nullptr, 10)),
          static_cast<uint32_t>(std::strtoul(args.at(4).c_str(), nullptr, 10)), static_cast<uint32_t>(std::strtoul(args.at(5).c_str(), nullptr, 10)),
          static_cast<uint32_t>(std::strtoul(args.at(6).c_str(), nullptr, 10))};
      snowlineWriteFrameHeader(keep(args.at(1)), numbers);
      for (char c : unescape(args.at(7))) SnowlineOut::put(c);
      SnowlineOut::put('|');
      SnowlineOut::crcField();
      SnowlineOut::put('\r');
      SnowlineOut::put('\n');
      std::cout << "frame\t" << escape(capture.text) << "\n";
    } else if (command == "field") {
      Capture capture;
      SnowlineOut::startPrinting(capture);
      makeField(args.at(1), args.at(2), args.at(3)).writeJson();
      std::cout << "field\t" << escape(capture.text) << "\n";
    } else {
      std::cerr << "unknown command: " << command << "\n";
      return 2;
    }
    std::cout.flush();
  }
  return 0;
}
