// Host-compiled (g++) scenarios of the Snowline Arduino library for the paths the emulated Uno cannot reach
// alone: the MQTT client's packets against a scripted broker, and a ring buffer that overflows. The library's
// real sources run against fakes of Arduino's Client and Stream; every byte the library writes is printed as
// hex with a label (`bytes <label> <hex>`, `state <label> <json>`, `value <label> <text>`), and library-host.test.ts checks it with an independent MQTT parser and the bridge's frame
// decoder.
//
// usage: library-host-scenarios <mqtt-session|mqtt-refused|ring-full>
#include <Arduino.h>
#include <Snowline.h>
#include <SnowlineMqttEmitter.h>

#include <cstdio>
#include <cstring>
#include <deque>
#include <string>

uint32_t hostMillis = 0;

// A Client whose far side is the test: what the library writes is collected, what the "broker" says is queued.
class ScriptedClient : public Client {
 public:
  int connect(IPAddress, uint16_t) override { return connectTo(); }
  int connect(const char* host, uint16_t port) override {
    lastHost = host;
    lastPort = port;
    return connectTo();
  }
  size_t write(uint8_t byte) override {
    written.push_back(static_cast<char>(byte));
    return 1;
  }
  size_t write(const uint8_t* buffer, size_t size) override {
    writeCalls++;
    written.append(reinterpret_cast<const char*>(buffer), size);
    return size;
  }
  int available() override { return static_cast<int>(incoming.size()); }
  int read() override {
    if (incoming.empty()) return -1;
    int byte = incoming.front();
    incoming.pop_front();
    return byte;
  }
  int read(uint8_t* buffer, size_t size) override {
    size_t count = 0;
    while (count < size && !incoming.empty()) buffer[count++] = static_cast<uint8_t>(read());
    return static_cast<int>(count);
  }
  int peek() override { return incoming.empty() ? -1 : incoming.front(); }
  void flush() override {}
  void stop() override {
    open = false;
    stops++;
  }
  uint8_t connected() override { return open; }
  operator bool() override { return open; }

  void answer(std::initializer_list<uint8_t> bytes) { incoming.insert(incoming.end(), bytes); }
  std::string take() {
    std::string out = written;
    written.clear();
    return out;
  }

  bool refuseConnect = false;
  bool open = false;
  int connects = 0;
  int stops = 0;
  int writeCalls = 0;
  std::string lastHost;
  uint16_t lastPort = 0;

 private:
  int connectTo() {
    if (refuseConnect) return 0;
    connects++;
    open = true;
    return 1;
  }
  std::string written;
  std::deque<uint8_t> incoming;
};

// A Stream that keeps what the serial emitter writes; nothing ever answers (no bridge on the line).
class SilentLine : public Stream {
 public:
  size_t write(uint8_t byte) override {
    written.push_back(static_cast<char>(byte));
    return 1;
  }
  int available() override { return 0; }
  int read() override { return -1; }
  int peek() override { return -1; }
  std::string written;
};

static void emit(const char* label, const std::string& bytes) {
  std::printf("bytes\t%s\t", label);
  for (unsigned char byte : bytes) std::printf("%02x", byte);
  std::printf("\n");
}

static void state(const char* label, SnowlineTracker& tracker, ScriptedClient* client) {
  std::printf("state\t%s\t{\"pending\":%u,\"dropped\":%lu,\"nextSeq\":%lu", label, tracker.pendingEvents(),
              static_cast<unsigned long>(tracker.droppedTotal()), static_cast<unsigned long>(tracker.nextSeq()));
  if (client) std::printf(",\"connects\":%d,\"stops\":%d,\"open\":%s", client->connects, client->stops, client->open ? "true" : "false");
  std::printf("}\n");
}

static void run(SnowlineTracker& tracker, uint32_t untilMs, uint32_t stepMs = 10) {
  while (hostMillis < untilMs) {
    tracker.update();
    hostMillis += stepMs;
  }
  tracker.update();
}

static int mqttSession() {
  ScriptedClient client;
  SnowlineMqttEmitter emitter(client, "broker.local", 1883, SnowlineText("door-12"), SnowlineText("s3cret"));
  SnowlineTracker tracker(emitter, SnowlineText("door-sensors"), SnowlineText("door-12"), SnowlineText("1.4.2"));
  hostMillis = 1000;
  tracker.begin(7);
  tracker.trackStructEvent(F("door"), F("open"), F("front"));
  tracker.trackStructEvent(F("door"), F("close"), F("front"));
  run(tracker, 1020);
  emit("connect", client.take());
  std::printf("value\ttarget\t%s:%u\n", client.lastHost.c_str(), client.lastPort);
  client.answer({0x20, 0x02, 0x00, 0x00});  // CONNACK, accepted
  run(tracker, 1100);
  emit("publish-first-round", client.take());
  client.answer({0x40, 0x02, 0x80, 0x01});  // PUBACK for seq 1 only
  run(tracker, 1200);
  state("after-puback-1", tracker, &client);
  run(tracker, 2000);  // past the 500 ms retransmission timeout
  emit("publish-retransmitted", client.take());
  client.answer({0x40, 0x02, 0x80, 0x02});
  run(tracker, 2100);
  state("after-puback-2", tracker, &client);
  run(tracker, 2100 + SNOWLINE_MQTT_KEEPALIVE_S * 500UL + 20, 100);
  emit("keepalive", client.take());
  std::printf("value\twrite-calls\t%d\n", client.writeCalls);
  return 0;
}

static int mqttRefused() {
  ScriptedClient client;
  SnowlineMqttEmitter emitter(client, "broker.local", 1883, SnowlineText("door-12"), SnowlineText("wrong"));
  SnowlineTracker tracker(emitter, SnowlineText("door-sensors"), SnowlineText("door-12"));
  hostMillis = 1000;
  tracker.begin(1);
  tracker.trackStructEvent(F("door"), F("open"));
  run(tracker, 1020);
  emit("connect", client.take());
  client.answer({0x20, 0x02, 0x00, 0x05});  // CONNACK 5: not authorised
  run(tracker, 1100);
  emit("after-refusal", client.take());
  state("refused", tracker, &client);
  run(tracker, 1000 + SNOWLINE_RECONNECT_MS + 50);
  emit("reconnect", client.take());
  state("reconnecting", tracker, &client);
  return 0;
}

static int ringFull() {
  SilentLine line;
  SnowlineSerialEmitter emitter(line);
  SnowlineTracker tracker(emitter, SnowlineText("doorbell"), SnowlineText("doorbell-01"));
  hostMillis = 100;
  tracker.begin(3);
  for (int press = 1; press <= 10; press++) {
    if (!tracker.trackStructEvent(F("button"), F("press"), nullptr, nullptr, press)) std::printf("value\trefused-%d\t1\n", press);
    run(tracker, hostMillis + 20);
  }
  state("full", tracker, nullptr);
  emit("frames", line.written);
  line.written.clear();
  run(tracker, hostMillis + 20000, 50);  // retransmission rounds: only the events still buffered
  emit("retransmitted", line.written);
  char tooLong[300];
  std::memset(tooLong, 'x', sizeof tooLong - 1);
  tooLong[sizeof tooLong - 1] = '\0';
  std::printf("value\toversized-accepted\t%d\n", tracker.trackStructEvent("button", tooLong) ? 1 : 0);
  state("after-oversized", tracker, nullptr);
  return 0;
}

int main(int argc, char* argv[]) {
  std::string scenario = argc > 1 ? argv[1] : "";
  if (scenario == "mqtt-session") return mqttSession();
  if (scenario == "mqtt-refused") return mqttRefused();
  if (scenario == "ring-full") return ringFull();
  std::fprintf(stderr, "usage: %s <mqtt-session|mqtt-refused|ring-full>\n", argv[0]);
  return 2;
}
