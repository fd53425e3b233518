// The durability scenario against a running Snowline: a device streams events over a serial line while
// the collector is down for 30 seconds and the bridge is killed -9 mid-stream and restarted. Every event lands in
// atomic.events exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { deviceEventId } from '../frame/event-identity.ts';
import { DeviceSimulator } from '../testing/device-simulator.ts';
import { openPtyPair, type PtyPair } from '../../test-support/pty-pair.ts';
import { startSwitchableProxy, type SwitchableProxy } from '../testing/switchable-proxy.ts';

const COLLECTOR_DOWN_MS = 30_000;

function startBridgeProcess(config: object, collectorUrl: string, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'firmware-bridge/testing/bridge-process.ts', JSON.stringify(config), collectorUrl, dataDir], {
    stdio: ['ignore', 'pipe', process.env.SNOWLINE_TEST_LOG ? 'inherit' : 'ignore'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`bridge process exited with ${code} before it was ready`)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('store and forward against a running Snowline', () => {
  let snowline: RunningSnowline;
  let proxy: SwitchableProxy;
  let pty: PtyPair;
  let dataDir: string;
  let bridge: ChildProcess | undefined;
  let device: DeviceSimulator | undefined;

  beforeAll(async () => {
    snowline = await startSnowline();
    proxy = await startSwitchableProxy(snowline.collectorUrl);
    pty = await openPtyPair();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-bridge-e2e-'));
  }, 120_000);

  afterAll(async () => {
    bridge?.kill('SIGKILL');
    await device?.close();
    await pty?.close();
    await proxy?.close();
    await snowline?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses and duplicates nothing with the collector down for 30 s and the bridge killed -9 mid-stream', async () => {
    const config = { serialPorts: [{ path: pty.hostPath, reopenIntervalMs: 100 }], forward: { retryMinMs: 100, retryMaxMs: 1000, maxBatchEvents: 7 } };
    bridge = await startBridgeProcess(config, proxy.url, dataDir);
    device = new DeviceSimulator({ path: pty.devicePath, deviceId: 'press-4', bootId: 11, appId: 'store-and-forward', firmwareVersion: '3.0.0', retryMs: 250 });
    await device.open();
    const track = (count: number, from: number) => {
      for (let index = from; index < from + count; index++) device!.track({ e: 'se', se_ca: 'press', se_ac: 'stamp', se_va: String(index) });
    };

    track(20, 0);
    await device.waitUntilAcknowledged(20);
    proxy.setUp(false);
    const downSince = Date.now();
    // Mid-stream: events go out while the bridge dies, some acknowledged, some in flight, some not yet sent.
    const streaming = (async () => {
      for (let index = 20; index < 60; index++) {
        track(1, index);
        await sleep(40);
      }
    })();
    await sleep(500);
    bridge.kill('SIGKILL');
    await new Promise((resolve) => bridge!.once('exit', resolve));
    await sleep(300);
    bridge = await startBridgeProcess(config, proxy.url, dataDir);
    await streaming;
    await device.waitUntilAcknowledged(60, 30_000);
    await sleep(Math.max(0, COLLECTOR_DOWN_MS - (Date.now() - downSince)));
    expect(proxy.refused).toBeGreaterThan(0);
    proxy.setUp(true);

    const rows = await snowline.waitForRows<{ event_id: string; se_value: string; platform: string; dvce_created_tstamp: Date | null }>(
      "select event_id, se_value, platform, dvce_created_tstamp from atomic.events where app_id = 'store-and-forward'",
      60,
      60_000,
    );
    await sleep(1500);
    const final = await snowline.query<{ event_id: string; se_value: string }>("select event_id, se_value from atomic.events where app_id = 'store-and-forward'");
    expect(final).toHaveLength(60);
    expect(new Set(final.map((row) => row.event_id)).size).toBe(60);
    expect(final.map((row) => Number(row.se_value)).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, index) => index));
    expect(new Set(final.map((row) => row.event_id))).toEqual(new Set(Array.from({ length: 60 }, (_, index) => deviceEventId('press-4', 11, index + 1))));
    expect(rows.every((row) => row.platform === 'iot' && row.dvce_created_tstamp !== null)).toBe(true);
  }, 150_000);
});
