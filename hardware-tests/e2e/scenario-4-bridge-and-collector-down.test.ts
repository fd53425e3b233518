// Scenario 4: the bridge is killed (SIGKILL) and restarted while the devices keep sending, then the collector is
// unreachable for 30 s. The devices keep what is not acknowledged and retransmit; the bridge keeps what it
// acknowledged on disk and forwards it when it can: every event reaches atomic.events exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { startBridgeChild, type BridgeChild } from './bridge-child.ts';
import { deviceEventsQuery, expectCompleteDeviceStreams, type DeviceEventRow } from './device-events.ts';
import { timedScenario } from './scenario-timing.ts';
import { startSerialFleet, type SerialFleet } from './serial-fleet.ts';
import { startSwitchableProxy, type SwitchableProxy } from './switchable-proxy.ts';

const BOARDS = 3;
const PRESSES_PER_PHASE = 4;
const COLLECTOR_DOWN_MS = 30_000;

let snowline: RunningSnowline;
let fleet: SerialFleet;
let proxy: SwitchableProxy;
let bridgeDataDir: string;
let bridge: BridgeChild | undefined;

beforeAll(async () => {
  snowline = await startSnowline();
  proxy = await startSwitchableProxy(Number(new URL(snowline.collectorUrl).port));
  // A ring buffer that holds everything tracked while the bridge is down (SNOWLINE_RING_BYTES, the documented
  // knob; the default 128 bytes hold three presses), so that no loss can be blamed on the device's buffer.
  fleet = await startSerialFleet({
    example: 'StructEventSerial', transport: 'pty', count: BOARDS, timeMode: 'wallclock',
    defines: { SNOWLINE_RING_BYTES: '1024', SNOWLINE_MAX_PAYLOAD: '122' },
  });
  bridgeDataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-bridge-child-'));
}, 60_000);

afterAll(async () => {
  await bridge?.kill();
  await fleet?.stop();
  await proxy?.close();
  await snowline?.stop();
  if (bridgeDataDir) rmSync(bridgeDataDir, { recursive: true, force: true });
});

const bridgeConfig = () => ({
  serialPorts: fleet.devices.map((device) => ({ path: device.portPath, baudRate: fleet.baudRate, reopenIntervalMs: 200 })),
  forward: { retryMinMs: 200, retryMaxMs: 2000 },
});

async function pressOnEveryBoard(presses: number): Promise<void> {
  await Promise.all(fleet.devices.map(async (device) => {
    for (let press = 0; press < presses; press++) await device.board.pressButton(2, 20, 100);
  }));
}

describe('scenario 4: bridge killed, collector down', () => {
  it('loses and duplicates nothing when the bridge is killed mid-stream and restarted, and when the collector is down for 30 s', async () => {
    await timedScenario(`4 bridge SIGKILL + restart, collector down ${COLLECTOR_DOWN_MS / 1000} s (${BOARDS} boards on ptys, wall-clock paced)`, async () => {
      bridge = await startBridgeChild(bridgeConfig(), proxy.url, bridgeDataDir);
      fleet.start();
      await pressOnEveryBoard(PRESSES_PER_PHASE);
      // The example also sends a heartbeat every 10 s of uptime: counts are of presses, streams include both.
      const query = deviceEventsQuery(`e.se_action = 'press'`);
      await snowline.waitForRows(query, BOARDS * PRESSES_PER_PHASE, 60_000);

      // Kill the bridge while the boards are in the middle of sending, then start it again on the same queue.
      const pressing = pressOnEveryBoard(PRESSES_PER_PHASE);
      await fleet.devices[0]!.board.waitForSimulatedMs(150);
      await bridge.kill();
      await pressing;
      bridge = await startBridgeChild(bridgeConfig(), proxy.url, bridgeDataDir);
      await pressOnEveryBoard(PRESSES_PER_PHASE);
      await snowline.waitForRows(query, BOARDS * PRESSES_PER_PHASE * 3, 90_000);

      // The collector disappears for 30 s while the boards keep tracking; the bridge acknowledges from its queue.
      await proxy.down();
      const downSince = Date.now();
      await pressOnEveryBoard(PRESSES_PER_PHASE);
      const stored = (await snowline.query(query)).length;
      expect(stored).toBe(BOARDS * PRESSES_PER_PHASE * 3);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, COLLECTOR_DOWN_MS - (Date.now() - downSince))));
      await proxy.up();

      const total = BOARDS * PRESSES_PER_PHASE * 4;
      await snowline.waitForRows(query, total, 90_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await snowline.query(query)).toHaveLength(total);
      const rows = await snowline.query<DeviceEventRow & Record<string, unknown>>(deviceEventsQuery());
      expectCompleteDeviceStreams(rows, { dtmInOrder: false });
      for (const device of fleet.devices) {
        const own = rows.filter((row) => row.device_id === device.deviceId);
        expect(own.filter((row) => row.se_action === 'press')).toHaveLength(PRESSES_PER_PHASE * 4);
        expect(own.every((row) => row.se_action === 'press' || row.se_action === 'heartbeat')).toBe(true);
        // Each heartbeat carries the number of presses tracked before it (se_property "presses", se_value).
        for (const heartbeat of own.filter((row) => row.se_action === 'heartbeat')) {
          const pressesBefore = own.filter((row) => row.se_action === 'press' && row.sequence < heartbeat.sequence).length;
          expect(heartbeat).toMatchObject({ se_category: 'device', se_property: 'presses', se_value: pressesBefore });
        }
      }
      expect(rows.every((row) => row.dropped_total === 0)).toBe(true);
      expect(bridge.log()).toMatch(/collector|forward|retry|ECONNREFUSED|fail/i);
    });
  }, 280_000);
});
