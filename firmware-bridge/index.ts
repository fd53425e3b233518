// The firmware bridge's public surface: serial and MQTT ingestion from devices, forwarded to the collector with
// store-and-forward (docs/bridge.md, docs/formats/serial.md, docs/formats/mqtt.md).
export { createBridge, DEFAULT_COLLECTOR_URL, type Bridge, type BridgeOptions } from './create-bridge.ts';
export { bridgeConfigSchema, type BridgeConfig, type SerialPortConfig, type MqttConfig } from './config.ts';
export type { BridgeCounters, SerialPortStats } from './stats.ts';
export type { HealthReport } from './health-server.ts';
export {
  decodeFrame,
  encodeAckFrame,
  encodeEventFrame,
  encodeNakFrame,
  FRAME_VERSION,
  MAX_FRAME_CHARS,
  type AckFrame,
  type EventFrame,
  type Frame,
  type NakFrame,
} from './frame/serial-frame.ts';
export { FrameReader, type FrameReaderStats } from './frame/frame-reader.ts';
export { crc16, crc16Hex } from './frame/crc16.ts';
export { deviceEventId, deviceCreatedAtMs, DEVICE_EVENT_NAMESPACE } from './frame/event-identity.ts';
export { DEVICE_ENTITY_SCHEMA } from './ingest/device-events.ts';
