// How a device frame names its event: eid is a UUID v5 of (device id, boot id, sequence), so every
// retransmission of a frame, through any bridge, carries the same eid; dtm comes from the device uptime.
import { uuidV5 } from '../../enrich/index.ts';

/** The UUID v5 namespace of Snowline device events (fixed forever: changing it changes every eid). */
export const DEVICE_EVENT_NAMESPACE = '156d10b6-908f-4d83-87f7-8add55292762';

const DEVICE_EVENT_NAMESPACE_BYTES = Buffer.from(DEVICE_EVENT_NAMESPACE.replaceAll('-', ''), 'hex');

/** The event id of a device event: the name is `<deviceId>|<bootId hex>|<seq hex>`, as the frame writes them. */
export function deviceEventId(deviceId: string, bootId: number, seq: number): string {
  return uuidV5(DEVICE_EVENT_NAMESPACE_BYTES, `${deviceId}|${bootId.toString(16)}|${seq.toString(16)}`);
}

/**
 * When the device created the event, in wall-clock ms: the bridge's receive time minus how long the frame waited on
 * the device (sent uptime − created uptime, modulo 2^32 because the device's millis() wraps after 49.7 days).
 */
export function deviceCreatedAtMs(receivedAtMs: number, createdUptimeMs: number, sentUptimeMs: number): number {
  const waitedMs = (sentUptimeMs - createdUptimeMs + 0x1_0000_0000) % 0x1_0000_0000;
  return receivedAtMs - waitedMs;
}
