// The bridge's counters: what came in, what was queued, forwarded, refused or dropped, by reason. Served by
// the health endpoint and logged on shutdown.
import { emptyFrameReaderStats, type FrameReaderStats } from './frame/frame-reader.ts';

export interface BridgeCounters {
  serialFrames: number;
  mqttMessages: number;
  /** Events made durable in the queue. */
  queued: number;
  /** Events the collector accepted. */
  forwarded: number;
  /** Retransmitted copies of events already queued (acknowledged again, not queued twice). */
  duplicates: number;
  /** Serial frames that failed CRC, syntax, version or length (answered with a NAK). */
  badFrames: number;
  /** MQTT messages that were no event; forwarded for enrich to turn into bad rows. */
  malformedMessages: number;
  /** Events not acknowledged because the queue was at its byte limit (devices keep and retry them). */
  refusedQueueFull: number;
  /** MQTT connections or publishes refused for credentials or topic. */
  refusedUnauthorized: number;
  /** Events the devices report having dropped from their own buffers (dropped count in frames). */
  deviceDroppedEvents: number;
  /** POSTs to the collector that failed (network, timeout, 5xx) and were retried. */
  forwardFailures: number;
  /** Events the collector refused with a 4xx and that were therefore given up on (logged, never silent). */
  collectorRejected: number;
}

export interface SerialPortStats extends FrameReaderStats {
  path: string;
  open: boolean;
  opens: number;
  closes: number;
  duplicates: number;
  acksSent: number;
  naksSent: number;
}

export function emptyCounters(): BridgeCounters {
  return {
    serialFrames: 0, mqttMessages: 0, queued: 0, forwarded: 0, duplicates: 0, badFrames: 0, malformedMessages: 0,
    refusedQueueFull: 0, refusedUnauthorized: 0, deviceDroppedEvents: 0, forwardFailures: 0, collectorRejected: 0,
  };
}

export function emptySerialPortStats(path: string): SerialPortStats {
  return { path, open: false, opens: 0, closes: 0, duplicates: 0, acksSent: 0, naksSent: 0, ...emptyFrameReaderStats() };
}
