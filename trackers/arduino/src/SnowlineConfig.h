// Compile-time sizes and timings of the Snowline Arduino tracker. Override any of them with -D flags (or a
// #define before the first #include <Snowline.h> in a single-file sketch). RAM use is fixed by these numbers.
#ifndef SNOWLINE_CONFIG_H
#define SNOWLINE_CONFIG_H

// Bytes of the ring buffer that keeps events until they are acknowledged. Each event takes 6 bytes of header plus
// its own parameters (a struct event like e=se&se_ca=button&se_ac=press&se_va=1 is 37; a self-describing event
// keeps its schema URI and JSON fields), so 160 bytes keep about three struct events. When it is full, the oldest
// event is dropped and counted. Library sources see only build-wide defines (e.g. compiler.cpp.extra_flags).
#ifndef SNOWLINE_RING_BYTES
#define SNOWLINE_RING_BYTES 160
#endif

// Longest event body (the event's own parameters, as encoded); longer events are refused, not truncated.
#ifndef SNOWLINE_MAX_PAYLOAD
#define SNOWLINE_MAX_PAYLOAD (SNOWLINE_RING_BYTES - 6)
#endif

// Retransmission timeout: starts at the minimum, doubles after every unanswered round, capped at the maximum.
#ifndef SNOWLINE_RETRY_MIN_MS
#define SNOWLINE_RETRY_MIN_MS 500
#endif
#ifndef SNOWLINE_RETRY_MAX_MS
#define SNOWLINE_RETRY_MAX_MS 16000
#endif

// Bytes an MQTT or HTTP emitter gathers before writing them to its Client (Ethernet sends one packet per write).
#ifndef SNOWLINE_CLIENT_CHUNK_BYTES
#define SNOWLINE_CLIENT_CHUNK_BYTES 32
#endif

// How long the HTTP emitter waits for a collector's status line, and the MQTT emitter between connection attempts.
#ifndef SNOWLINE_RESPONSE_TIMEOUT_MS
#define SNOWLINE_RESPONSE_TIMEOUT_MS 15000
#endif
#ifndef SNOWLINE_RECONNECT_MS
#define SNOWLINE_RECONNECT_MS 5000
#endif
#ifndef SNOWLINE_MQTT_KEEPALIVE_S
#define SNOWLINE_MQTT_KEEPALIVE_S 60
#endif

#define SNOWLINE_TRACKER_VERSION "snowline-arduino-0.1.0"

#if SNOWLINE_RING_BYTES > 4096 || SNOWLINE_RING_BYTES < 16
#error "SNOWLINE_RING_BYTES must be between 16 and 4096"
#endif
#if SNOWLINE_MAX_PAYLOAD > 255 || SNOWLINE_MAX_PAYLOAD > SNOWLINE_RING_BYTES - 6
#error "SNOWLINE_MAX_PAYLOAD must be at most 255 and at most SNOWLINE_RING_BYTES - 6"
#endif

#endif
