// Writes trackers/arduino/test-vectors/serial-v1.json, the vectors both the C++ library (host-compiled g++ tests)
// and the TypeScript codec must pass. Run once when the protocol changes: `node scripts/run-ts.mjs firmware-bridge/frame/write-test-vectors.ts`.
// The file is committed and then reviewed like code; serial-frame.test.ts checks the codec against it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc16Hex } from './crc16.ts';
import { deviceCreatedAtMs, deviceEventId } from './event-identity.ts';
import { encodeAckFrame, encodeEventFrame, encodeNakFrame, type EventFrame } from './serial-frame.ts';
import { FrameReader } from './frame-reader.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SERIAL_VECTORS_PATH = path.join(here, '../../trackers/arduino/test-vectors/serial-v1.json');

type EventFields = Omit<EventFrame, 'kind'>;

const tv = 'snowline-arduino-0.1.0';
const eventFrames: { name: string; fields: EventFields }[] = [
  {
    name: 'struct event with an int value, first frame after boot',
    fields: { deviceId: 'doorbell-01', bootId: 1, seq: 1, createdUptimeMs: 1523, sentUptimeMs: 1523, droppedTotal: 0,
      payload: `e=se&se_ca=button&se_ac=press&se_va=1&aid=doorbell&tv=${tv}&fw=1.2.0` },
  },
  {
    name: 'retransmission: same event, later sent uptime, drops reported',
    fields: { deviceId: 'doorbell-01', bootId: 1, seq: 1, createdUptimeMs: 1523, sentUptimeMs: 2773, droppedTotal: 3,
      payload: `e=se&se_ca=button&se_ac=press&se_va=1&aid=doorbell&tv=${tv}&fw=1.2.0` },
  },
  {
    name: 'struct event with label, property and a float value, MAC as device id',
    fields: { deviceId: '90:A2:DA:00:F8:A0', bootId: 0x2a, seq: 0x1f4, createdUptimeMs: 86_400_000, sentUptimeMs: 86_400_250, droppedTotal: 0,
      payload: `e=se&se_ca=sensor&se_ac=reading&se_la=kitchen%20shelf&se_pr=celsius&se_va=21.50&aid=thermo&tv=${tv}&fw=0.9` },
  },
  {
    name: 'self-describing event: JSON is sent raw apart from the reserved characters',
    fields: { deviceId: 'meter-7', bootId: 0xdeadbeef, seq: 0xffffffff, createdUptimeMs: 0xfffffff0, sentUptimeMs: 0x10, droppedTotal: 0xffffffff,
      payload: `e=ue&ue_pr={"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:io.snowline.example/reading/jsonschema/1-0-0","data":{"watts":1234,"ok":true,"room":"hall%20%7C%20back"}}}&aid=meter&tv=${tv}&fw=2.0.1` },
  },
  {
    name: 'all numbers zero',
    fields: { deviceId: 'x', bootId: 0, seq: 0, createdUptimeMs: 0, sentUptimeMs: 0, droppedTotal: 0, payload: 'e=se&se_ca=a&se_ac=b' },
  },
];

const invalidFrames: { name: string; line: string; reason: string }[] = [];
function corrupt(name: string, line: string, reason: string) {
  invalidFrames.push({ name, line, reason });
}
const good = encodeEventFrame(eventFrames[0]!.fields).replace('\r\n', '');
const goodBody = good.slice(0, -4);
corrupt('one payload character changed', good.replace('press', 'prest'), 'crc');
corrupt('CRC digits in lower case', `${goodBody}${good.slice(-4).toLowerCase()}`, good.slice(-4) === good.slice(-4).toLowerCase() ? 'crc' : 'syntax');
corrupt('CRC field missing', goodBody.slice(0, -1), 'syntax');
corrupt('truncated in the middle', good.slice(0, 40), 'syntax');
const withBody = (body: string) => `${body}${crc16Hex(body)}`;
corrupt('leading zero in a hex number', withBody('$1E|doorbell-01|01|1|5f3|5f3|0|e=se&se_ca=a&se_ac=b|'), 'syntax');
corrupt('upper-case hex number', withBody('$1E|doorbell-01|1|1|5F3|5F3|0|e=se&se_ca=a&se_ac=b|'), 'syntax');
corrupt('number wider than 32 bits', withBody('$1E|doorbell-01|1|100000000|0|0|0|e=se&se_ca=a&se_ac=b|'), 'syntax');
corrupt('a field missing', withBody('$1E|doorbell-01|1|1|5f3|0|e=se&se_ca=a&se_ac=b|'), 'syntax');
corrupt('empty payload', withBody('$1E|doorbell-01|1|1|5f3|5f3|0||'), 'syntax');
corrupt('space in the payload', withBody('$1E|doorbell-01|1|1|5f3|5f3|0|e=se&se_ca=a b&se_ac=b|'), 'syntax');
corrupt('device id longer than 32 chars', withBody(`$1E|${'d'.repeat(33)}|1|1|5f3|5f3|0|e=se&se_ca=a&se_ac=b|`), 'syntax');
corrupt('device id with a slash', withBody('$1E|door/bell|1|1|5f3|5f3|0|e=se&se_ca=a&se_ac=b|'), 'syntax');
corrupt('unknown version', withBody('$2E|doorbell-01|1|1|5f3|5f3|0|e=se&se_ca=a&se_ac=b|'), 'version');
corrupt('unknown frame type', withBody('$1X|doorbell-01|'), 'syntax');
corrupt('NAK with an unknown reason', withBody('$1N|busy|'), 'syntax');
corrupt('ACK without a sequence number', withBody('$1A|1|'), 'syntax');
corrupt('longer than 512 chars', withBody(`$1E|doorbell-01|1|1|0|0|0|e=se&se_ca=${'a'.repeat(500)}&se_ac=b|`), 'long');

// A byte stream as a bridge sees it: boot noise, a frame cut by a device reset, a frame with a flipped bit, good frames.
const frameA = encodeEventFrame(eventFrames[0]!.fields);
const frameB = encodeEventFrame(eventFrames[2]!.fields);
const flipped = frameB.replace('reading', 'readinf');
const stream = `boot v1.2.0\r\n${frameA.slice(0, 30)}${frameA}\x00\xff${flipped}${frameB}$1E|trunc`;
const reader = new FrameReader();
const streamEvents = reader.push(Buffer.from(stream, 'latin1'));

export const vectors = {
  description: 'Snowline serial frame protocol v1 test vectors (docs/formats/serial.md). Lines exclude the trailing \\r\\n unless named "bytes".',
  crc16: [
    { input: '123456789', crc: crc16Hex('123456789') },
    { input: '', crc: crc16Hex('') },
    { input: '$1A|1|1|', crc: crc16Hex('$1A|1|1|') },
  ],
  eventFrames: eventFrames.map(({ name, fields }) => ({ name, fields, bytes: encodeEventFrame(fields) })),
  ackFrames: [
    { bootId: 1, seq: 1, bytes: encodeAckFrame(1, 1) },
    { bootId: 0xdeadbeef, seq: 0xffffffff, bytes: encodeAckFrame(0xdeadbeef, 0xffffffff) },
    { bootId: 0x2a, seq: 0x1f4, bytes: encodeAckFrame(0x2a, 0x1f4) },
  ],
  nakFrames: (['crc', 'syntax', 'version', 'long'] as const).map((reason) => ({ reason, bytes: encodeNakFrame(reason) })),
  invalidFrames,
  stream: {
    name: 'noise, a frame cut by a reset, binary garbage, a bit flip, a good frame, a trailing partial frame',
    bytesLatin1: stream,
    expected: streamEvents.map((event) => (event.type === 'frame' ? { frame: event.line } : { badFrame: event.reason })),
    stats: reader.stats,
  },
  eventIds: eventFrames.map(({ fields }) => ({ deviceId: fields.deviceId, bootId: fields.bootId, seq: fields.seq, eid: deviceEventId(fields.deviceId, fields.bootId, fields.seq) })),
  deviceCreatedAt: [
    { receivedAtMs: 1_700_000_000_000, createdUptimeMs: 1523, sentUptimeMs: 2773, dtm: deviceCreatedAtMs(1_700_000_000_000, 1523, 2773) },
    { receivedAtMs: 1_700_000_000_000, createdUptimeMs: 0xfffffff0, sentUptimeMs: 0x10, dtm: deviceCreatedAtMs(1_700_000_000_000, 0xfffffff0, 0x10) },
  ],
};

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(SERIAL_VECTORS_PATH, `${JSON.stringify(vectors, null, 2)}\n`);
  console.log(`wrote ${SERIAL_VECTORS_PATH}`);
}
