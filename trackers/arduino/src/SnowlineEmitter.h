// What carries events from the tracker to Snowline: the serial frame protocol to a bridge, MQTT, or HTTP GET to a
// collector. The tracker keeps the events and decides what to (re)send; an emitter only writes one event and
// reports acknowledgements back through SnowlineTracker::acknowledge().
#ifndef SNOWLINE_EMITTER_H
#define SNOWLINE_EMITTER_H

#include <Arduino.h>

class SnowlineTracker;
struct SnowlineRecord;

class SnowlineEmitter {
 public:
  // Reads acknowledgements and keeps the connection alive; called at the start of every tracker.update().
  virtual void poll(SnowlineTracker& tracker) = 0;
  // Writes one event; false when it cannot now (not connected, a request in flight): the tracker tries again later.
  virtual bool send(SnowlineTracker& tracker, const SnowlineRecord& record) = 0;

 protected:
  // Not virtual: emitters are never deleted through this interface, and a virtual one would pull in operator delete.
  ~SnowlineEmitter() {}
};

#endif
