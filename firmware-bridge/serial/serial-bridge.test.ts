import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBridge, type Bridge } from '../create-bridge.ts';
import { deviceEventId } from '../frame/event-identity.ts';
import { DeviceSimulator } from '../testing/device-simulator.ts';
import { openPtyPair, type PtyPair } from '../../test-support/pty-pair.ts';
import { startRecordingCollector, type RecordingCollector } from '../testing/recording-collector.ts';

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('bridge with a device on a serial line (socat pty pair)', () => {
  let pty: PtyPair;
  let collector: RecordingCollector;
  let bridge: Bridge;
  let device: DeviceSimulator;
  let dataDir: string;

  beforeEach(async () => {
    pty = await openPtyPair();
    collector = await startRecordingCollector();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-bridge-'));
    bridge = createBridge(
      { serialPorts: [{ path: pty.hostPath, reopenIntervalMs: 100 }], forward: { retryMinMs: 50, retryMaxMs: 200 } },
      { collectorUrl: collector.url, dataDir, log: () => undefined },
    );
    await bridge.start();
    await waitFor(() => bridge.report().serialPorts[0]?.open === true, 'the port to open');
    device = new DeviceSimulator({ path: pty.devicePath, deviceId: 'doorbell-01', bootId: 7, firmwareVersion: '1.2.0', retryMs: 200 });
    await device.open();
  });

  afterEach(async () => {
    await device.close();
    await bridge.close();
    await collector.close();
    await pty.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('forwards device events with a derived eid, the device time as dtm and the device entity, and acknowledges each', async () => {
    const before = Date.now();
    device.track({ e: 'se', se_ca: 'button', se_ac: 'press', se_va: '1' });
    device.track({ e: 'se', se_ca: 'button', se_ac: 'long press', se_la: 'front door' });
    device.track({ e: 'ue', ue_pr: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: 'iglu:com.acme/ring/jsonschema/1-0-0', data: { volume: 3 } } }) });
    await device.waitUntilAcknowledged(3);
    const events = await collector.waitForEvents(3);
    expect(events.map((event) => event.eid)).toEqual([1, 2, 3].map((seq) => deviceEventId('doorbell-01', 7, seq)));
    expect(events[1]).toMatchObject({ e: 'se', se_ca: 'button', se_ac: 'long press', se_la: 'front door', p: 'iot', aid: 'simulator' });
    expect(JSON.parse(events[2]!.ue_pr!).data.data).toEqual({ volume: 3 });
    for (const event of events) {
      expect(Number(event.dtm)).toBeGreaterThanOrEqual(before - 50);
      expect(Number(event.dtm)).toBeLessThanOrEqual(Number(event.stm));
      expect(event).not.toHaveProperty('fw');
      const entities = JSON.parse(event.co!);
      expect(entities.schema).toBe('iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0');
      expect(entities.data).toEqual([
        {
          schema: 'iglu:io.snowline/device/jsonschema/1-0-0',
          data: expect.objectContaining({ deviceId: 'doorbell-01', bootId: 7, firmwareVersion: '1.2.0', droppedTotal: 0, transport: 'serial' }),
        },
      ]);
    }
    expect(collector.requests.every((request) => request.path === '/com.snowplowanalytics.snowplow/tp2')).toBe(true);
    expect(bridge.report().serialPorts[0]).toMatchObject({ frames: 3, acksSent: 3, crcErrors: 0 });
  });

  it('acknowledges a retransmitted copy again but forwards the event once', async () => {
    device.ignoreNextAcks = 2;
    device.track({ e: 'se', se_ca: 'door', se_ac: 'open' });
    await device.waitUntilAcknowledged(1);
    await collector.waitForEvents(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(collector.events()).toHaveLength(1);
    expect(bridge.counters.duplicates).toBeGreaterThanOrEqual(2);
    expect(bridge.report().serialPorts[0]!.duplicates).toBeGreaterThanOrEqual(2);
  });

  it('answers a corrupted frame with a NAK and takes the retransmission', async () => {
    device.corruptNextFrames = 1;
    device.track({ e: 'se', se_ca: 'door', se_ac: 'close' });
    await device.waitUntilAcknowledged(1);
    expect(device.naksReceived).toBe(1);
    expect(bridge.report().serialPorts[0]).toMatchObject({ crcErrors: 1, naksSent: 1 });
    expect(await collector.waitForEvents(1)).toHaveLength(1);
  });

  it('skips boot messages and binary noise between frames', async () => {
    device.writeRaw('bootloader v2\r\n');
    device.writeRaw(Buffer.from([0x00, 0xff, 0x13, 0x37]));
    device.track({ e: 'se', se_ca: 'sensor', se_ac: 'ready' });
    await device.waitUntilAcknowledged(1);
    expect(bridge.report().serialPorts[0]!.noiseBytes).toBeGreaterThanOrEqual(17);
    expect(await collector.waitForEvents(1)).toHaveLength(1);
  });

  it('reopens the port after the board is unplugged and plugged in again', async () => {
    device.track({ e: 'se', se_ca: 'power', se_ac: 'on' });
    await device.waitUntilAcknowledged(1);
    await device.close();
    await pty.unplug();
    await waitFor(() => bridge.report().serialPorts[0]?.open === false, 'the bridge to notice the unplug');
    await pty.replug();
    await waitFor(() => bridge.report().serialPorts[0]?.open === true, 'the bridge to reopen the port');
    // Replugging resets the board: a new boot id, sequence numbers from 1 again.
    device = new DeviceSimulator({ path: pty.devicePath, deviceId: 'doorbell-01', bootId: 8, retryMs: 200 });
    await device.open();
    device.track({ e: 'se', se_ca: 'power', se_ac: 'on again' });
    await device.waitUntilAcknowledged(1);
    const events = await collector.waitForEvents(2);
    expect(events.map((event) => event.se_ac)).toEqual(['on', 'on again']);
    expect(new Set(events.map((event) => event.eid)).size).toBe(2);
    expect(bridge.report().serialPorts[0]).toMatchObject({ opens: 2, closes: 1 });
  });
});
