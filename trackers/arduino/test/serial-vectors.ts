// The shared serial-protocol v1 test vectors (docs/formats/serial.md), typed for the tests of both sides.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SNOWLINE_LIBRARY_DIR } from './library-dir.ts';

export interface SerialVectors {
  crc16: { input: string; crc: string }[];
  eventFrames: {
    name: string;
    fields: { deviceId: string; bootId: number; seq: number; createdUptimeMs: number; sentUptimeMs: number; droppedTotal: number; payload: string };
    bytes: string;
  }[];
  ackFrames: { bootId: number; seq: number; bytes: string }[];
  nakFrames: { reason: string; bytes: string }[];
  invalidFrames: { name: string; line: string; reason: string }[];
  stream: { name: string; bytesLatin1: string; expected: ({ frame: string } | { badFrame: string })[]; stats: Record<string, number> };
  eventIds: { deviceId: string; bootId: number; seq: number; eid: string }[];
  deviceCreatedAt: { receivedAtMs: number; createdUptimeMs: number; sentUptimeMs: number; dtm: number }[];
}

export const SERIAL_VECTORS_FILE = path.join(SNOWLINE_LIBRARY_DIR, 'test-vectors/serial-v1.json');

export function loadSerialVectors(): SerialVectors {
  return JSON.parse(readFileSync(SERIAL_VECTORS_FILE, 'utf8')) as SerialVectors;
}
