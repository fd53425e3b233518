// Event ids for trackers that send no `eid`: a UUID v5 (RFC 9562 §5.5) of the raw record id and the event's
// position in it, so re-processing the same raw file gives the same ids and the loader can de-duplicate.

import { createHash } from 'node:crypto';

/** Snowline's namespace for derived event ids (a fixed random UUID; changing it changes every derived id). */
export const EVENT_ID_NAMESPACE = '6f1e3c2a-8d4b-4f5e-9a7c-2b1d0e9f8a64';

const NAMESPACE_BYTES = Buffer.from(EVENT_ID_NAMESPACE.replace(/-/g, ''), 'hex');

export function uuidV5(namespace: Buffer, name: string): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function deriveEventId(rawRecordId: string, eventIndex: number): string {
  return uuidV5(NAMESPACE_BYTES, `${rawRecordId}/${eventIndex}`);
}
