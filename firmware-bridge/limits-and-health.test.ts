import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBridgeFixture, type BridgeFixture } from './testing/bridge-fixture.ts';
import { DeviceSimulator } from './testing/device-simulator.ts';
import { openPtyPair, type PtyPair } from '../test-support/pty-pair.ts';

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('bridge limits and health', () => {
  let pty: PtyPair;
  let fixture: BridgeFixture;
  let device: DeviceSimulator;

  beforeEach(async () => {
    pty = await openPtyPair();
  });
  afterEach(async () => {
    await device?.close();
    await fixture?.close();
    await pty.close();
  });

  it('stops acknowledging when its queue is full (devices keep their events), says so, and catches up once the collector is back', async () => {
    fixture = await startBridgeFixture({ serialPorts: [{ path: pty.hostPath, reopenIntervalMs: 100 }], queue: { maxBytes: 3000 } });
    fixture.collector.setMode('failing');
    device = new DeviceSimulator({ path: pty.devicePath, deviceId: 'full-1', bootId: 1, retryMs: 200 });
    await device.open();
    await waitFor(() => fixture.bridge.report().serialPorts[0]?.open === true, 'the port to open');
    for (let index = 0; index < 12; index++) device.track({ e: 'se', se_ca: 'fill', se_ac: 'queue', se_va: String(index) });
    await waitFor(() => fixture.bridge.counters.refusedQueueFull > 0, 'a refusal');
    expect(device.pendingCount).toBeGreaterThan(0);
    expect(fixture.bridge.report().queue.bytes).toBeLessThanOrEqual(3000);
    expect(fixture.logLines.some((line) => /queue full/.test(line))).toBe(true);
    fixture.collector.setMode('up');
    await device.waitUntilAcknowledged(12, 20_000);
    const events = await fixture.collector.waitForEvents(12);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fixture.collector.events().map((event) => Number(event.se_va)).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => index));
    expect(events.length).toBe(12);
  });

  it('gives up only the one event the collector refuses with a 4xx, counted and logged, and forwards the rest', async () => {
    fixture = await startBridgeFixture({ serialPorts: [{ path: pty.hostPath, reopenIntervalMs: 100 }], forward: { lingerMs: 300 } });
    fixture.collector.rejectBodiesContaining('poison');
    device = new DeviceSimulator({ path: pty.devicePath, deviceId: 'reject-1', bootId: 1, retryMs: 200 });
    await device.open();
    await waitFor(() => fixture.bridge.report().serialPorts[0]?.open === true, 'the port to open');
    for (const action of ['first', 'second', 'poison', 'third', 'fourth']) device.track({ e: 'se', se_ca: 'batch', se_ac: action });
    await device.waitUntilAcknowledged(5);
    await waitFor(() => fixture.bridge.counters.forwarded === 4 && fixture.bridge.counters.collectorRejected === 1, 'four forwarded and one rejected');
    expect(fixture.collector.events().map((event) => event.se_ac)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(fixture.logLines.some((line) => /refused an event with 400/.test(line))).toBe(true);
  });

  it('serves its counters as JSON on /health and as Prometheus text on /metrics', async () => {
    fixture = await startBridgeFixture({ serialPorts: [{ path: pty.hostPath, reopenIntervalMs: 100 }], health: { port: 0 } });
    device = new DeviceSimulator({ path: pty.devicePath, deviceId: 'health-1', bootId: 1, retryMs: 200 });
    await device.open();
    await waitFor(() => fixture.bridge.report().serialPorts[0]?.open === true, 'the port to open');
    device.track({ e: 'se', se_ca: 'health', se_ac: 'check' });
    await device.waitUntilAcknowledged(1);
    await fixture.collector.waitForEvents(1);
    await waitFor(() => fixture.bridge.counters.forwarded === 1, 'the forward to be counted');
    const health = (await (await fetch(`${fixture.bridge.healthUrl}/health`)).json()) as { status: string; counters: Record<string, number>; serialPorts: { path: string; frames: number }[] };
    expect(health.status).toBe('ok');
    expect(health.counters).toMatchObject({ serialFrames: 1, queued: 1, forwarded: 1, duplicates: 0 });
    expect(health.serialPorts[0]).toMatchObject({ path: pty.hostPath, frames: 1 });
    const metrics = await (await fetch(`${fixture.bridge.healthUrl}/metrics`)).text();
    expect(metrics).toContain('snowline_bridge_forwarded_total 1');
    expect(metrics).toContain('snowline_bridge_queue_events 0');
    expect((await fetch(`${fixture.bridge.healthUrl}/other`)).status).toBe(404);
  });
});
