// Sends each event as `GET /i?<tracker protocol>` straight to a collector (the 2013 tracker's path, for boards
// with Ethernet or Wi-Fi and no bridge), one request at a time, over any Arduino Client. A 2xx status is the
// acknowledgement; anything else, or no answer within SNOWLINE_RESPONSE_TIMEOUT_MS, is retried by the tracker.
// Without a bridge there is no wall clock and no derived event id: the collector's time is the event's time, and
// a retry after a lost response can store the event twice.
#ifndef SNOWLINE_HTTP_EMITTER_H
#define SNOWLINE_HTTP_EMITTER_H

#include <Arduino.h>
#include <Client.h>
#include "SnowlineEmitter.h"

class SnowlineHttpEmitter : public SnowlineEmitter {
 public:
  SnowlineHttpEmitter(Client& client, const char* host, uint16_t port = 80);

  void poll(SnowlineTracker& tracker) override;
  bool send(SnowlineTracker& tracker, const SnowlineRecord& record) override;
  // The status code of the last answered request (0 before any).
  uint16_t lastStatus() const { return lastStatus_; }

 private:
  void finish();

  Client& client_;
  const char* host_;
  uint16_t port_;
  bool awaiting_;
  uint8_t spaces_;
  uint8_t digits_;
  uint16_t status_;
  uint16_t lastStatus_;
  uint32_t requestBootId_;
  uint32_t requestSeq_;
  uint32_t requestStartMs_;
  uint32_t lastFailureMs_;
};

// Implementation in the header on purpose: the core's IPAddress.h (through Client.h) defines a global with a constructor in every file that includes it, so a .cpp here would add it to every sketch, even one that never uses this emitter.
#include "SnowlineClientWriter.h"
#include "SnowlineOut.h"
#include "SnowlineTracker.h"

inline SnowlineHttpEmitter::SnowlineHttpEmitter(Client& client, const char* host, uint16_t port)
    : client_(client), host_(host), port_(port), awaiting_(false), spaces_(0), digits_(0), status_(0), lastStatus_(0), requestBootId_(0),
      requestSeq_(0), requestStartMs_(0), lastFailureMs_(static_cast<uint32_t>(0) - SNOWLINE_RECONNECT_MS) {}

inline bool SnowlineHttpEmitter::send(SnowlineTracker& tracker, const SnowlineRecord& record) {
  uint32_t now = millis();
  if (awaiting_ || now - lastFailureMs_ < SNOWLINE_RECONNECT_MS) return false;
  if (!client_.connect(host_, port_)) {
    lastFailureMs_ = now;
    return false;
  }
  {
    SnowlineClientWriter writer(client_);
    SnowlineOut::startPrinting(writer);
    SnowlineOut::flash(F("GET /i?"));
    writer.flushChunk();
    SnowlineClientWriter query(client_, true);
    SnowlineOut::startPrinting(query);
    tracker.writeQuery(record, record.createdUptimeMs(), F("http"));
    query.flushChunk();
    SnowlineOut::startPrinting(writer);
    SnowlineOut::flash(F(" HTTP/1.1\r\nHost: "));
    SnowlineOut::text(host_);
    SnowlineOut::flash(F("\r\nUser-Agent: " SNOWLINE_TRACKER_VERSION "\r\nConnection: close\r\n\r\n"));
  }
  awaiting_ = true;
  spaces_ = 0;
  digits_ = 0;
  status_ = 0;
  requestBootId_ = tracker.bootId();
  requestSeq_ = record.seq;
  requestStartMs_ = now;
  return true;
}

inline void SnowlineHttpEmitter::finish() {
  client_.stop();
  awaiting_ = false;
}

inline void SnowlineHttpEmitter::poll(SnowlineTracker& tracker) {
  if (!awaiting_) return;
  // Only the status code matters: "HTTP/1.1 204 ...". The rest of the answer is discarded with the connection.
  for (uint8_t budget = 64; budget > 0 && client_.available() > 0; budget--) {
    int byte = client_.read();
    if (byte == ' ') {
      spaces_++;
    } else if (spaces_ == 1 && byte >= '0' && byte <= '9' && digits_ < 3) {
      status_ = static_cast<uint16_t>(status_ * 10 + (byte - '0'));
      if (++digits_ == 3) {
        lastStatus_ = status_;
        if (status_ >= 200 && status_ < 300) tracker.acknowledge(requestBootId_, requestSeq_);
        finish();
        return;
      }
    }
  }
  if (millis() - requestStartMs_ >= SNOWLINE_RESPONSE_TIMEOUT_MS || (!client_.connected() && client_.available() == 0)) {
    lastFailureMs_ = millis();
    finish();
  }
}

#endif
