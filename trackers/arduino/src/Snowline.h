// Snowline tracker for Arduino: product analytics events from devices, over serial (to `snowline bridge`),
// MQTT or HTTP GET. See README.md. Include the emitter headers you use after this one.
#ifndef SNOWLINE_H
#define SNOWLINE_H

#include "SnowlineConfig.h"
#include "SnowlineField.h"
#include "SnowlineText.h"
#include "SnowlineTracker.h"
#include "SnowlineSerialEmitter.h"

#endif
