// Behaviour of the tracker and its serial emitter, host-compiled with g++: the bytes it writes and what it does
// with acknowledgements, NAKs, silence and a full buffer. Frames are checked with the bridge's own decoder.
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeAckFrame, encodeNakFrame, type EventFrame } from '../../../firmware-bridge/index.ts';
import { runHarness, transmitted, type HarnessLine } from './arduino-host.ts';

type Command = (string | number | null)[];

function frames(lines: readonly HarnessLine[]): EventFrame[] {
  return transmitted(lines)
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const result = decodeFrame(line);
      if (!result.ok || result.frame.kind !== 'event') throw new Error(`not an event frame: ${line} (${result.ok ? result.frame.kind : result.message})`);
      return result.frame;
    });
}

const device: Command[] = [['device', 'doorbell', 'doorbell-01', '1.0.0'], ['begin', 5]];
const updates = (count: number): Command[] => Array.from({ length: count }, () => ['update']);

describe('Arduino tracker (g++ host build)', () => {
  it('writes struct events with modern parameter names, escaped values and no legacy fields', () => {
    const lines = runHarness([
      ...device,
      ['millis', 100],
      ['se', 'button', 'press & hold', 'front|door', '100%', 'int', -42],
      ['update'],
      ['rx', encodeAckFrame(5, 1)],
      ['se', 'sensor', 'temp', null, 'celsius', 'double', '21.456', 2],
      ['update'],
      ['rx', encodeAckFrame(5, 2)],
      ['se', 'sensor', 'temp', null, null, 'double', 'nan', 2],
      ['update'],
    ]);
    const sent = frames(lines);
    expect(sent.map((frame) => frame.seq)).toEqual([1, 2, 3]);
    expect(sent[0]!.payload).toBe('e=se&se_ca=button&se_ac=press%20%26%20hold&se_la=front%7Cdoor&se_pr=100%25&se_va=-42&aid=doorbell&tv=snowline-arduino-0.1.0&fw=1.0.0');
    expect(new URLSearchParams(sent[1]!.payload).get('se_va')).toBe('21.46');
    expect(new URLSearchParams(sent[2]!.payload).has('se_va')).toBe(false);
    expect(transmitted(lines)).not.toMatch(/ev_|tid=|mac=/);
  });

  it('writes a self-describing event whose ue_pr is the unstruct_event JSON the fields describe', () => {
    const lines = runHarness([
      ...device,
      ['sd', 'iglu:io.snowline.example/soil/jsonschema/1-0-0', 'moisture', 'i', '512', 'percent', 'd', '50.05', 'dry', 'b', '0', 'sensor', 's', 'A0 "n" & co'],
      ['update'],
    ]);
    const [frame] = frames(lines);
    const event = new URLSearchParams(frame!.payload);
    expect(event.get('e')).toBe('ue');
    expect(JSON.parse(event.get('ue_pr')!)).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: { schema: 'iglu:io.snowline.example/soil/jsonschema/1-0-0', data: { moisture: 512, percent: 50.05, dry: false, sensor: 'A0 "n" & co' } },
    });
  });

  it('refuses an event without category or action, or too long for its buffer', () => {
    const lines = runHarness([...device, ['se', null, 'press', null, null, 'none'], ['se', 'x'.repeat(200), 'press', null, null, 'none'], ['state']]);
    expect(lines.filter((line) => line.kind === 'stored').map((line) => line.fields[0])).toEqual(['0', '0']);
    expect(lines.find((line) => line.kind === 'state')!.fields[0]).toBe('0');
  });

  it('retransmits an unacknowledged event with doubling backoff, and stops once it is acknowledged', () => {
    const script: Command[] = [...device, ['millis', 0], ['se', 'a', 'b', null, null, 'none'], ['update']];
    // Updates every 100 ms for 4 s without an answer: resends at 500, 1500 (+1000), 3500 (+2000) ms.
    for (let ms = 100; ms <= 4000; ms += 100) script.push(['millis', ms], ['update']);
    script.push(['rx', encodeAckFrame(5, 1)], ['update'], ['state']);
    for (let ms = 4100; ms <= 20_000; ms += 500) script.push(['millis', ms], ['update']);
    const lines = runHarness(script);
    const sent = frames(lines);
    expect(sent.map((frame) => frame.sentUptimeMs)).toEqual([0, 500, 1500, 3500]);
    expect(new Set(sent.map((frame) => frame.createdUptimeMs))).toEqual(new Set([0]));
    expect(lines.find((line) => line.kind === 'state')!.fields[0]).toBe('0');
  });

  it('keeps the retransmission timer across the 16-bit wrap of millis()', () => {
    // The timer keeps the low 16 bits of millis(): armed at 65,300 (0xFF14), due at 65,800, which is 264 in 16 bits.
    const script: Command[] = [...device, ['millis', 65_300], ['se', 'a', 'b', null, null, 'none'], ['update']];
    for (let ms = 65_400; ms <= 68_900; ms += 100) script.push(['millis', ms], ['update']);
    const sent = frames(runHarness(script));
    // Resends 500, 1000 and 2000 ms after the previous send: the same doubling as away from the wrap.
    expect(sent.map((frame) => frame.sentUptimeMs)).toEqual([65300, 65800, 66800, 68800]);
  });

  it('retransmits soon after a NAK instead of waiting for the timer', () => {
    const script: Command[] = [...device, ['millis', 0], ['se', 'a', 'b', null, null, 'none'], ['update'], ['millis', 50], ['update']];
    script.push(['rx', encodeNakFrame('crc')]);
    for (let ms = 100; ms <= 800; ms += 100) script.push(['millis', ms], ['update']);
    const sent = frames(runHarness(script));
    // Timer alone: 500 ms after sending, then 1500. NAK: SNOWLINE_RETRY_MIN_MS after the send, not later.
    expect(sent.map((frame) => frame.sentUptimeMs)).toEqual([0, 500]);
    const withoutNak = frames(runHarness([...device, ['millis', 0], ['se', 'a', 'b', null, null, 'none'], ['update'], ['millis', 50], ['update'], ['millis', 400], ['update']]));
    expect(withoutNak.map((frame) => frame.sentUptimeMs)).toEqual([0]);
  });

  it('drops the oldest event when its buffer is full and reports the count in the next frame', () => {
    const script: Command[] = [...device, ['millis', 10]];
    // Each of these takes 6 + 50 bytes of the 160-byte buffer: two fit, so the last two of five remain, three dropped.
    for (let index = 0; index < 5; index++) script.push(['se', 'category', 'action-number', null, null, 'int', 1000 + index]);
    script.push(['state'], ...updates(5));
    const lines = runHarness(script);
    const state = lines.find((line) => line.kind === 'state')!.fields.map(Number);
    expect(state).toEqual([2, 3, 6]);
    const sent = frames(lines);
    expect(sent.map((frame) => frame.seq)).toEqual(Array.from({ length: state[0]! }, (_, index) => 6 - state[0]! + index));
    expect(sent.every((frame) => frame.droppedTotal === state[1])).toBe(true);
    expect(sent.map((frame) => new URLSearchParams(frame.payload).get('se_va'))).toEqual(sent.map((frame) => String(999 + frame.seq)));
  });

  it('counts sequence numbers and drops past 255, carrying into the next byte', () => {
    const script: Command[] = [...device, ['millis', 10]];
    // 300 events into the 160-byte buffer: both counters pass 0x100, where popOldest()'s byte-wise count carries.
    for (let index = 0; index < 300; index++) script.push(['se', 'category', 'action-number', null, null, 'int', 1000 + index]);
    script.push(['state'], ...updates(2), ['rx', encodeAckFrame(5, 299)], ['update'], ['state']);
    const lines = runHarness(script);
    const states = lines.filter((line) => line.kind === 'state').map((line) => line.fields.map(Number));
    expect(states).toEqual([[2, 298, 301], [1, 298, 301]]);
    const sent = frames(lines);
    expect(sent.map((frame) => ({ seq: frame.seq, droppedTotal: frame.droppedTotal }))).toEqual([
      { seq: 299, droppedTotal: 298 },
      { seq: 300, droppedTotal: 298 },
    ]);
    expect(sent.map((frame) => new URLSearchParams(frame.payload).get('se_va'))).toEqual(['1298', '1299']);
  });

  it('acknowledges out of order and keeps sending the rest', () => {
    const script: Command[] = [...device, ['millis', 0]];
    for (let index = 0; index < 3; index++) script.push(['se', 'a', `b${index}`, null, null, 'none']);
    script.push(...updates(3), ['rx', encodeAckFrame(5, 2) + encodeAckFrame(5, 3)], ['update'], ['state'], ['rx', encodeAckFrame(5, 1)], ['update'], ['state']);
    const states = runHarness(script).filter((line) => line.kind === 'state').map((line) => line.fields[0]);
    expect(states).toEqual(['1', '0']);
  });
});
