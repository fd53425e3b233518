// Scenario 7: host-compiled (g++) tests of the Arduino library for what the emulated Uno cannot reach alone:
// the MQTT client's packets, checked with an independent MQTT parser (mqtt-packet, the one mqtt.js uses), and
// the ring buffer overflowing with nobody acknowledging.
import mqttPacket, { type Packet } from 'mqtt-packet';
import { beforeAll, describe, expect, it } from 'vitest';
import { timedScenario } from '../e2e/scenario-timing.ts';
import { buildLibraryHostScenarios, runHostScenario, type HostBuild } from './library-host-build.ts';

let build: HostBuild;

beforeAll(async () => {
  build = await buildLibraryHostScenarios();
});

function parseMqtt(bytes: Buffer): Packet[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const packets: Packet[] = [];
  const errors: Error[] = [];
  parser.on('packet', (packet) => packets.push(packet));
  parser.on('error', (error) => errors.push(error));
  parser.parse(bytes);
  expect(errors).toEqual([]);
  return packets;
}

/** The fields of a serial-protocol v1 event frame (docs/formats/serial.md), by name. */
function frameFields(frame: string) {
  const [type, deviceId, bootId, seq, created, sent, dropped, payload, crc] = frame.replace(/\r\n$/, '').split('|');
  return { type, deviceId, bootId, seq: parseInt(seq!, 16), created: parseInt(created!, 16), sent: parseInt(sent!, 16), dropped: parseInt(dropped!, 16), payload, crc };
}

describe('scenario 7: the C++ library compiled for the host with fake Client and Stream', () => {
  it('compiles with -Wall -Wextra on the host', () => {
    expect(build.libraryWarnings.map((warning) => `${warning.file}:${warning.line}: ${warning.message}`)).toEqual([]);
  });

  it('speaks MQTT 3.1.1: CONNECT with the device credentials, QoS 1 PUBLISH of frames, PUBACK by packet id, retransmission, keepalive', async () => {
    await timedScenario('7 MQTT client encoding (g++ host build)', async () => {
      const output = await runHostScenario(build.executable, 'mqtt-session');
      expect(output.values.get('target')).toBe('broker.local:1883');
      const [connect] = parseMqtt(output.bytes.get('connect')!);
      expect(connect).toMatchObject({
        cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60,
        clientId: 'door-12', username: 'door-12',
      });
      expect((connect as { password?: Buffer }).password?.toString()).toBe('s3cret');

      const firstRound = parseMqtt(output.bytes.get('publish-first-round')!);
      expect(firstRound.map((packet) => packet.cmd)).toEqual(['publish', 'publish']);
      const publishes = firstRound as Array<Packet & { topic: string; qos: number; messageId: number; payload: Buffer; dup: boolean }>;
      publishes.forEach((publish, index) => {
        expect(publish).toMatchObject({ topic: 'snowline/door-12/events', qos: 1, messageId: 0x8000 | (index + 1) });
        const frame = frameFields(publish.payload.toString());
        expect(frame).toMatchObject({ type: '$1E', deviceId: 'door-12', bootId: '7', seq: index + 1, dropped: 0 });
        expect(frame.payload).toBe(`e=se&se_ca=door&se_ac=${index === 0 ? 'open' : 'close'}&se_la=front&aid=door-sensors&tv=snowline-arduino-0.1.0&fw=1.4.2`);
      });
      // PUBACK 0x8001 acknowledged seq 1 only; seq 2 is published again with the same packet id, a new sent time.
      expect(output.states.get('after-puback-1')).toMatchObject({ pending: 1, connects: 1 });
      const [retransmitted] = parseMqtt(output.bytes.get('publish-retransmitted')!) as typeof publishes;
      expect(retransmitted).toMatchObject({ topic: 'snowline/door-12/events', qos: 1, messageId: 0x8002 });
      const again = frameFields(retransmitted!.payload.toString());
      const first = frameFields(publishes[1]!.payload.toString());
      expect({ seq: again.seq, created: again.created }).toEqual({ seq: first.seq, created: first.created });
      expect(again.sent).toBeGreaterThan(first.sent);
      expect(output.states.get('after-puback-2')).toMatchObject({ pending: 0, connects: 1, stops: 0 });
      // Nothing sent for half the keepalive: a PINGREQ keeps the session.
      expect(parseMqtt(output.bytes.get('keepalive')!).map((packet) => packet.cmd)).toEqual(['pingreq']);
      // Written in chunks of SNOWLINE_CLIENT_CHUNK_BYTES (one TCP segment each on Ethernet), not byte by byte.
      const totalBytes = ['connect', 'publish-first-round', 'publish-retransmitted', 'keepalive'].reduce((sum, label) => sum + output.bytes.get(label)!.length, 0);
      expect(Number(output.values.get('write-calls'))).toBeLessThanOrEqual(Math.ceil(totalBytes / 32) + 6);
    });
  });

  it('sets the DUP flag when it publishes an unacknowledged event again (MQTT 3.1.1, section 3.3.1.1)', async () => {
    const output = await runHostScenario(build.executable, 'mqtt-session');
    const [first] = parseMqtt(output.bytes.get('publish-first-round')!) as Array<Packet & { dup: boolean }>;
    const [again] = parseMqtt(output.bytes.get('publish-retransmitted')!) as Array<Packet & { dup: boolean; messageId: number }>;
    expect(first!.dup).toBe(false);
    expect({ messageId: again!.messageId, dup: again!.dup }).toEqual({ messageId: 0x8002, dup: true });
  });

  it('drops the connection on CONNACK 5 (not authorised), keeps the event, and tries again after SNOWLINE_RECONNECT_MS', async () => {
    const output = await runHostScenario(build.executable, 'mqtt-refused');
    expect(parseMqtt(output.bytes.get('connect')!)[0]).toMatchObject({ cmd: 'connect', username: 'door-12' });
    expect(output.bytes.get('after-refusal')!.length).toBe(0); // no PUBLISH to a broker that refused us
    expect(output.states.get('refused')).toMatchObject({ pending: 1, stops: 1, open: false });
    expect(parseMqtt(output.bytes.get('reconnect')!)[0]).toMatchObject({ cmd: 'connect', clientId: 'door-12' });
    expect(output.states.get('reconnecting')).toMatchObject({ pending: 1, connects: 2 });
  });

  it('when the ring buffer is full, drops the oldest event, counts it in droppedTotal, and keeps retransmitting the newest', async () => {
    await timedScenario('7 ring buffer full (g++ host build)', async () => {
      const output = await runHostScenario(build.executable, 'ring-full');
      const frames = output.bytes.get('frames')!.toString().split(/(?<=\r\n)/).map(frameFields);
      expect(frames.map((frame) => frame.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const state = output.states.get('full')!;
      const held = Number(state.pending);
      expect(held).toBeGreaterThanOrEqual(2);
      expect(state).toMatchObject({ dropped: 10 - held, nextSeq: 11 });
      // Each frame carries the drops so far: cumulative, so a lost frame loses no count.
      for (const frame of frames) expect(frame.dropped).toBe(Math.max(0, frame.seq - held));
      const retransmitted = output.bytes.get('retransmitted')!.toString().split(/(?<=\r\n)/).map(frameFields);
      expect(new Set(retransmitted.map((frame) => frame.seq))).toEqual(new Set(Array.from({ length: held }, (_, index) => 10 - held + 1 + index)));
      expect(retransmitted.every((frame) => frame.dropped === 10 - held)).toBe(true);
      // Retransmission rounds back off: the gaps between rounds grow.
      const roundStarts = retransmitted.filter((frame) => frame.seq === 10 - held + 1).map((frame) => frame.sent);
      const gaps = roundStarts.slice(1).map((start, index) => start - roundStarts[index]!);
      expect(gaps.slice(1).every((gap, index) => gap > gaps[index]!)).toBe(true);
      expect(output.values.get('oversized-accepted')).toBe('0');
      expect(output.states.get('after-oversized')).toMatchObject({ pending: held, dropped: 10 - held });
    });
  });
});
