import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSerialVectors } from '../../trackers/arduino/test/serial-vectors.ts';
import { crc16Hex } from './crc16.ts';
import { deviceCreatedAtMs, deviceEventId, uuidV5 } from './event-identity.ts';
import { FrameReader } from './frame-reader.ts';
import { decodeFrame, encodeAckFrame, encodeEventFrame, encodeNakFrame, type EventFrame } from './serial-frame.ts';
import { vectors as generatedVectors } from './write-test-vectors.ts';

const vectors = loadSerialVectors();

describe('serial frame codec against serial-v1.json', () => {
  it('is checked against the committed vectors, which are exactly what write-test-vectors.ts generates', () => {
    expect(JSON.parse(JSON.stringify(generatedVectors))).toEqual(vectors);
  });

  it('computes every CRC-16 check value', () => {
    for (const vector of vectors.crc16) expect(crc16Hex(vector.input)).toBe(vector.crc);
  });

  it('encodes and decodes every event frame', () => {
    for (const vector of vectors.eventFrames) {
      expect(encodeEventFrame(vector.fields)).toBe(vector.bytes);
      expect(decodeFrame(vector.bytes.slice(0, -2))).toEqual({ ok: true, frame: { kind: 'event', ...vector.fields } });
    }
  });

  it('encodes and decodes every ACK and NAK frame', () => {
    for (const vector of vectors.ackFrames) {
      expect(encodeAckFrame(vector.bootId, vector.seq)).toBe(vector.bytes);
      expect(decodeFrame(vector.bytes.slice(0, -2))).toEqual({ ok: true, frame: { kind: 'ack', bootId: vector.bootId, seq: vector.seq } });
    }
    for (const vector of vectors.nakFrames) {
      expect(encodeNakFrame(vector.reason as 'crc')).toBe(vector.bytes);
      expect(decodeFrame(vector.bytes.slice(0, -2))).toEqual({ ok: true, frame: { kind: 'nak', reason: vector.reason } });
    }
  });

  it('rejects every invalid frame with the reason the vectors give', () => {
    for (const vector of vectors.invalidFrames) {
      const result = decodeFrame(vector.line);
      expect(result.ok, vector.name).toBe(false);
      if (!result.ok) expect(result.reason, vector.name).toBe(vector.reason);
    }
  });

  it('reads the noisy stream vector into the expected frames and statistics', () => {
    const reader = new FrameReader();
    const events = reader.push(Buffer.from(vectors.stream.bytesLatin1, 'latin1'));
    expect(events.map((event) => (event.type === 'frame' ? { frame: event.line } : { badFrame: event.reason }))).toEqual(vectors.stream.expected);
    expect(reader.stats).toEqual(vectors.stream.stats);
  });

  it('derives the vectors event ids and device-created times', () => {
    for (const vector of vectors.eventIds) expect(deviceEventId(vector.deviceId, vector.bootId, vector.seq)).toBe(vector.eid);
    for (const vector of vectors.deviceCreatedAt) {
      expect(deviceCreatedAtMs(vector.receivedAtMs, vector.createdUptimeMs, vector.sentUptimeMs)).toBe(vector.dtm);
    }
  });

  it('computes RFC 9562 UUID v5s: the RFC example, and one per variant digit (8, 9, a, b) as Python\'s uuid.uuid5 gives them', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // Raw SHA-1 digits 12-19 of each: c001 3306, fe51 aa2b, 9ba0 d06b, 0923 4cfb (version and variant bits replaced).
    expect(uuidV5('dev|1|0')).toBe('590bd732-50cb-5001-b306-551cb6473f81');
    expect(uuidV5('dev|1|1')).toBe('695d7eba-ea74-5e51-aa2b-edb1e9917cda');
    expect(uuidV5('dev|1|4')).toBe('5e7b2d33-0058-5ba0-906b-889a86a36052');
    expect(uuidV5('dev|1|8')).toBe('4458e807-5a9c-5923-8cfb-dbdc90592a7d');
  });
});

const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const payloadChar = fc.integer({ min: 0x21, max: 0x7e }).filter((code) => code !== 0x24 && code !== 0x7c).map((code) => String.fromCharCode(code));
const eventFrame: fc.Arbitrary<Omit<EventFrame, 'kind'>> = fc.record({
  deviceId: fc.stringMatching(/^[A-Za-z0-9._:-]{1,32}$/),
  bootId: uint32,
  seq: uint32,
  createdUptimeMs: uint32,
  sentUptimeMs: uint32,
  droppedTotal: uint32,
  payload: fc.array(payloadChar, { minLength: 1, maxLength: 200 }).map((chars) => chars.join('')),
});

function framesIn(bytes: Buffer): string[] {
  return new FrameReader()
    .push(bytes)
    .flatMap((event) => (event.type === 'frame' ? [event.line] : []));
}

describe('serial frame codec under fuzzing', () => {
  it('round-trips any event frame', () => {
    fc.assert(
      fc.property(eventFrame, (fields) => {
        expect(decodeFrame(encodeEventFrame(fields).slice(0, -2))).toEqual({ ok: true, frame: { kind: 'event', ...fields } });
      }),
    );
  });

  it('never accepts a frame with one or two flipped bits', () => {
    fc.assert(
      fc.property(eventFrame, fc.nat(), fc.nat(), fc.boolean(), (fields, first, second, twoBits) => {
        const bytes = Buffer.from(encodeEventFrame(fields), 'latin1');
        const bits = (bytes.length - 2) * 8;
        bytes[Math.floor((first % bits) / 8)]! ^= 1 << (first % 8);
        if (twoBits && second % bits !== first % bits) bytes[Math.floor((second % bits) / 8)]! ^= 1 << (second % 8);
        const lines = framesIn(bytes);
        expect(lines).toEqual([]);
      }),
    );
  });

  it('never accepts a truncated frame, and reads the next frame after it', () => {
    fc.assert(
      fc.property(eventFrame, eventFrame, fc.nat(), (cut, next, at) => {
        const frame = encodeEventFrame(cut);
        const truncated = frame.slice(0, at % (frame.length - 2));
        const nextFrame = encodeEventFrame(next);
        expect(framesIn(Buffer.from(truncated + nextFrame, 'latin1'))).toEqual([nextFrame.slice(0, -2)]);
        // Truncated and then the line ended (a lost tail): a bad frame, never a good one.
        expect(framesIn(Buffer.from(`${truncated}\n`, 'latin1'))).toEqual([]);
      }),
    );
  });

  it('reads every frame intact whatever garbage lies between them', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 80 }), eventFrame), { minLength: 1, maxLength: 6 }), (parts) => {
        const chunks: Buffer[] = [];
        for (const [garbage, fields] of parts) {
          // Garbage may hold `$`: a frame start without a line end, which the next frame's `$` abandons.
          chunks.push(Buffer.from(garbage), Buffer.from(`\n${encodeEventFrame(fields)}`, 'latin1'));
        }
        expect(framesIn(Buffer.concat(chunks))).toEqual(parts.map(([, fields]) => encodeEventFrame(fields).slice(0, -2)));
      }),
    );
  });

  it('never throws on arbitrary bytes, fed in arbitrary chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 700 }), { maxLength: 5 }), (chunks) => {
        const reader = new FrameReader();
        for (const chunk of chunks) reader.push(chunk);
      }),
    );
  });
});
