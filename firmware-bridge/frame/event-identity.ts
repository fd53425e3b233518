// How a device frame names its event: eid is a UUID v5 of (device id, boot id, sequence), so every
// retransmission of a frame, through any bridge, carries the same eid; dtm comes from the device uptime.
import { createHash } from 'node:crypto';

/** The UUID v5 namespace of Snowline device events (fixed forever: changing it changes every eid). */
export const DEVICE_EVENT_NAMESPACE = '156d10b6-908f-4d83-87f7-8add55292762';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

const DEVICE_EVENT_NAMESPACE_BYTES = uuidBytes(DEVICE_EVENT_NAMESPACE);

/** RFC 9562 UUID version 5 (SHA-1) of `name` in `namespace`. */
export function uuidV5(name: string, namespace = DEVICE_EVENT_NAMESPACE): string {
  const namespaceBytes = namespace === DEVICE_EVENT_NAMESPACE ? DEVICE_EVENT_NAMESPACE_BYTES : uuidBytes(namespace);
  // createHash and the one-shot crypto.hash measured the same here, about 4 µs per id either way.
  const bytes = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10 (RFC 9562)
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The event id of a device event: the name is `<deviceId>|<bootId hex>|<seq hex>`, as the frame writes them. */
export function deviceEventId(deviceId: string, bootId: number, seq: number): string {
  return uuidV5(`${deviceId}|${bootId.toString(16)}|${seq.toString(16)}`);
}

/**
 * When the device created the event, in wall-clock ms: the bridge's receive time minus how long the frame waited on
 * the device (sent uptime − created uptime, modulo 2^32 because the device's millis() wraps after 49.7 days).
 */
export function deviceCreatedAtMs(receivedAtMs: number, createdUptimeMs: number, sentUptimeMs: number): number {
  const waitedMs = (sentUptimeMs - createdUptimeMs + 0x1_0000_0000) % 0x1_0000_0000;
  return receivedAtMs - waitedMs;
}
