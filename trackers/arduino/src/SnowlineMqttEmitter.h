// Publishes events as serial-protocol v1 frames (docs/formats/mqtt.md) to `<prefix>/<deviceId>/events` with a
// minimal MQTT 3.1.1 client at QoS 1 over any Arduino Client (EthernetClient, WiFiClient, SnowlineStreamClient).
// The broker's PUBACK is the acknowledgement: the tracker keeps and retransmits the event until it arrives.
#ifndef SNOWLINE_MQTT_EMITTER_H
#define SNOWLINE_MQTT_EMITTER_H

#include <Arduino.h>
#include <Client.h>
#include "SnowlineEmitter.h"
#include "SnowlineText.h"

class SnowlineMqttEmitter : public SnowlineEmitter {
 public:
  // username/password: the device's credentials (anonymous when missing); the client id is the device id.
  // topicPrefix: missing means "snowline".
  SnowlineMqttEmitter(Client& client, const char* host, uint16_t port, SnowlineText username = SnowlineText(),
                      SnowlineText password = SnowlineText(), SnowlineText topicPrefix = SnowlineText());

  void poll(SnowlineTracker& tracker) override;
  bool send(SnowlineTracker& tracker, const SnowlineRecord& record) override;
  bool connected() const { return state_ == CONNECTED; }

 private:
  enum State : uint8_t { DISCONNECTED, CONNECTING, CONNECTED };
  void connect(SnowlineTracker& tracker);
  void disconnect();
  void readPacketByte(SnowlineTracker& tracker, uint8_t byte);

  Client& client_;
  const char* host_;
  uint16_t port_;
  SnowlineText username_;
  SnowlineText password_;
  SnowlineText topicPrefix_;
  State state_;
  uint32_t lastAttemptMs_;
  uint32_t lastWriteMs_;
  // Incoming packet: type byte, remaining length (varint), the first two body bytes, bytes still to skip.
  uint8_t packetType_;
  uint8_t lengthShift_;
  uint16_t remaining_;
  uint8_t bodyRead_;
  uint8_t body_[2];
  bool readingLength_;
};

// Implementation in the header on purpose: the core's IPAddress.h (through Client.h) defines a global with a constructor in every file that includes it, so a .cpp here would add it to every sketch, even one that never uses this emitter.
#include "SnowlineClientWriter.h"
#include "SnowlineOut.h"
#include "SnowlineTracker.h"

// Packet ids carry the low 15 bits of the sequence number with the top bit set, so they are never 0 (which MQTT
// forbids) and map back unambiguously to the few events the tracker holds.
static const uint16_t SNOWLINE_MQTT_PACKET_ID_SEQ_MASK = 0x7FFF;

inline SnowlineMqttEmitter::SnowlineMqttEmitter(Client& client, const char* host, uint16_t port, SnowlineText username, SnowlineText password,
                                         SnowlineText topicPrefix)
    : client_(client), host_(host), port_(port), username_(username), password_(password), topicPrefix_(topicPrefix),
      state_(DISCONNECTED), lastAttemptMs_(static_cast<uint32_t>(0) - SNOWLINE_RECONNECT_MS), lastWriteMs_(0), packetType_(0), lengthShift_(0), remaining_(0),
      bodyRead_(0), readingLength_(false) {}

// Counted here rather than with SnowlineOut::startCounting(), which would end the packet being written.
static inline uint16_t snowlineMqttLength(const SnowlineText& text) {
  uint16_t length = 0;
  if (!text.missing()) {
    while (text.at(length) != '\0') length++;
  }
  return length;
}

static inline void snowlineMqttRemainingLength(uint32_t length) {
  do {
    uint8_t digit = length & 0x7F;
    length >>= 7;
    SnowlineOut::put(static_cast<char>(length > 0 ? digit | 0x80 : digit));
  } while (length > 0);
}

static inline void snowlineMqttString(const SnowlineText& text) {
  uint16_t length = snowlineMqttLength(text);
  SnowlineOut::put(static_cast<char>(length >> 8));
  SnowlineOut::put(static_cast<char>(length & 0xFF));
  SnowlineOut::text(text);
}

inline void SnowlineMqttEmitter::connect(SnowlineTracker& tracker) {
  lastAttemptMs_ = millis();
  if (!client_.connect(host_, port_)) return;
  uint8_t flags = 0x02;  // clean session: the tracker, not the broker, keeps unacknowledged events
  uint32_t length = 10 + 2 + snowlineMqttLength(tracker.deviceId());
  if (!username_.missing()) {
    flags |= 0x80;
    length += 2 + snowlineMqttLength(username_);
  }
  if (!password_.missing()) {
    flags |= 0x40;
    length += 2 + snowlineMqttLength(password_);
  }
  SnowlineClientWriter writer(client_);
  SnowlineOut::startPrinting(writer);
  SnowlineOut::put(0x10);
  snowlineMqttRemainingLength(length);
  SnowlineOut::put(0);
  SnowlineOut::put(4);
  SnowlineOut::flash(F("MQTT"));
  SnowlineOut::put(4);  // protocol level 3.1.1
  SnowlineOut::put(static_cast<char>(flags));
  SnowlineOut::put(static_cast<char>(SNOWLINE_MQTT_KEEPALIVE_S >> 8));
  SnowlineOut::put(static_cast<char>(SNOWLINE_MQTT_KEEPALIVE_S & 0xFF));
  snowlineMqttString(tracker.deviceId());
  if (!username_.missing()) snowlineMqttString(username_);
  if (!password_.missing()) snowlineMqttString(password_);
  writer.flushChunk();
  state_ = CONNECTING;
  lastWriteMs_ = lastAttemptMs_;
  packetType_ = 0;
}

inline void SnowlineMqttEmitter::disconnect() {
  client_.stop();
  state_ = DISCONNECTED;
}

inline void SnowlineMqttEmitter::readPacketByte(SnowlineTracker& tracker, uint8_t byte) {
  if (packetType_ == 0) {
    packetType_ = byte;
    readingLength_ = true;
    remaining_ = 0;
    lengthShift_ = 0;
    bodyRead_ = 0;
    return;
  }
  if (readingLength_) {
    if (lengthShift_ < 16) remaining_ |= static_cast<uint16_t>(byte & 0x7F) << lengthShift_;
    lengthShift_ += 7;
    readingLength_ = (byte & 0x80) != 0;
    if (readingLength_ || remaining_ > 0) return;
  } else {
    if (bodyRead_ < 2) body_[bodyRead_] = byte;
    bodyRead_++;
    if (--remaining_ > 0) return;
  }
  uint8_t type = packetType_ >> 4;
  packetType_ = 0;
  if (type == 2) {  // CONNACK: return code 0 is accepted
    if (bodyRead_ == 2 && body_[1] == 0) state_ = CONNECTED;
    else disconnect();
  } else if (type == 4 && bodyRead_ == 2) {  // PUBACK
    tracker.acknowledge(tracker.bootId(), (static_cast<uint16_t>(body_[0]) << 8 | body_[1]) & SNOWLINE_MQTT_PACKET_ID_SEQ_MASK, SNOWLINE_MQTT_PACKET_ID_SEQ_MASK);
  }
}

inline void SnowlineMqttEmitter::poll(SnowlineTracker& tracker) {
  uint32_t now = millis();
  if (state_ != DISCONNECTED && !client_.connected()) disconnect();
  if (state_ == DISCONNECTED) {
    if (now - lastAttemptMs_ >= SNOWLINE_RECONNECT_MS) connect(tracker);
    return;
  }
  for (uint8_t budget = 64; budget > 0 && client_.available() > 0; budget--) {
    int byte = client_.read();
    if (byte < 0) break;
    readPacketByte(tracker, static_cast<uint8_t>(byte));
  }
  if (state_ == CONNECTING && now - lastAttemptMs_ >= SNOWLINE_RESPONSE_TIMEOUT_MS) {
    disconnect();
  } else if (state_ == CONNECTED && now - lastWriteMs_ >= SNOWLINE_MQTT_KEEPALIVE_S * 500UL) {
    const uint8_t pingRequest[2] = {0xC0, 0x00};
    client_.write(pingRequest, 2);
    lastWriteMs_ = now;
  }
}

inline bool SnowlineMqttEmitter::send(SnowlineTracker& tracker, const SnowlineRecord& record) {
  if (state_ != CONNECTED) return false;
  uint32_t now = millis();
  SnowlineOut::startCounting();
  tracker.writeFrame(record, now, false);
  uint16_t frameLength = SnowlineOut::count();
  SnowlineText prefix = topicPrefix_.missing() ? SnowlineText(F("snowline")) : topicPrefix_;
  uint16_t topicLength = snowlineMqttLength(prefix) + 1 + snowlineMqttLength(tracker.deviceId()) + 7;
  SnowlineClientWriter writer(client_);
  SnowlineOut::startPrinting(writer);
  // PUBLISH, QoS 1, with DUP set when this event was published before (MQTT 3.1.1, section 3.3.1.1).
  SnowlineOut::put((record.flags() & SNOWLINE_FLAG_SENT) ? 0x3A : 0x32);
  snowlineMqttRemainingLength(2UL + topicLength + 2 + frameLength);
  SnowlineOut::put(static_cast<char>(topicLength >> 8));
  SnowlineOut::put(static_cast<char>(topicLength & 0xFF));
  SnowlineOut::text(prefix);
  SnowlineOut::put('/');
  SnowlineOut::text(tracker.deviceId());
  SnowlineOut::flash(F("/events"));
  uint16_t packetId = static_cast<uint16_t>((record.seq & SNOWLINE_MQTT_PACKET_ID_SEQ_MASK) | 0x8000);
  SnowlineOut::put(static_cast<char>(packetId >> 8));
  SnowlineOut::put(static_cast<char>(packetId & 0xFF));
  // The frame's CRC covers the frame only.
  SnowlineOut::startPrinting(writer);
  tracker.writeFrame(record, now, false);
  writer.flushChunk();
  tracker.markSent(record);
  lastWriteMs_ = now;
  return true;
}

#endif
