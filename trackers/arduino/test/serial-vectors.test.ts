// The C++ side of the serial protocol, host-compiled with g++, against the shared test vectors.
import { describe, expect, it } from 'vitest';
import { runHarness, transmitted } from './arduino-host.ts';
import { loadSerialVectors } from './serial-vectors.ts';

const vectors = loadSerialVectors();

describe('Arduino library (g++ host build) against serial-v1.json', () => {
  it('computes every CRC-16 check value', () => {
    const lines = runHarness(vectors.crc16.map((vector) => ['crc', vector.input]));
    expect(lines.map((line) => line.fields[0])).toEqual(vectors.crc16.map((vector) => vector.crc));
  });

  it('writes every event frame byte for byte', () => {
    const lines = runHarness(
      vectors.eventFrames.map(({ fields }) => ['frame', fields.deviceId, fields.bootId, fields.seq, fields.createdUptimeMs, fields.sentUptimeMs, fields.droppedTotal, fields.payload]),
    );
    expect(lines.map((line) => line.fields[0])).toEqual(vectors.eventFrames.map((vector) => vector.bytes));
  });

  it('tracks the first vector event and writes exactly its frame', () => {
    const lines = runHarness([
      ['device', 'doorbell', 'doorbell-01', '1.2.0'],
      ['begin', 1],
      ['millis', 1523],
      ['se', 'button', 'press', null, null, 'int', 1],
      ['update'],
    ]);
    expect(transmitted(lines)).toBe(vectors.eventFrames[0]!.bytes);
  });

  it('takes every ACK vector as the acknowledgement of that boot id and sequence number', () => {
    for (const ack of vectors.ackFrames) {
      // A tracker whose pending event has exactly this sequence number: seq 1 of the vector's boot, or none.
      const lines = runHarness([
        ['device', 'app', 'dev', null],
        ['begin', ack.bootId],
        ['se', 'a', 'b', null, null, 'none'],
        ['update'],
        ['rx', ack.bytes],
        ['update'],
        ['state'],
      ]);
      const pending = Number(lines.find((line) => line.kind === 'state')!.fields[0]);
      expect(pending, ack.bytes).toBe(ack.seq === 1 ? 0 : 1);
    }
  });

  it('ignores every invalid frame and an ACK for another boot', () => {
    const good = vectors.ackFrames[0]!.bytes;
    const lines = runHarness([
      ['device', 'app', 'dev', null],
      ['begin', 1],
      ['se', 'a', 'b', null, null, 'none'],
      ['update'],
      ...vectors.invalidFrames.map((invalid) => ['rx', `${invalid.line}\r\n`]),
      ['rx', good.replace('|1|1|', '|1|2|')],
      ['rx', vectors.ackFrames[2]!.bytes],
      // The emitter reads at most 64 bytes per update(), so that input cannot hold loop() up.
      ...Array.from({ length: 40 }, () => ['update']),
      ['state'],
      ['rx', `noise${good.slice(0, 5)}${good}`],
      ['update'],
      ['state'],
    ]);
    const states = lines.filter((line) => line.kind === 'state').map((line) => Number(line.fields[0]));
    expect(states).toEqual([1, 0]);
  });
});
