// Scenario 5: twenty emulated boards on twenty ptys at once, one bridge reading all twenty ports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { startBridge, type BridgeUnderTest } from './bridge-under-test.ts';
import { deviceEventsQuery, expectCompleteDeviceStreams, groupByDeviceAndBoot, type DeviceEventRow } from './device-events.ts';
import { timedScenario } from './scenario-timing.ts';
import { startSerialFleet, type SerialFleet } from './serial-fleet.ts';

const BOARDS = 20;
const PRESSES = 3;

let snowline: RunningSnowline;
let fleet: SerialFleet;
let bridge: BridgeUnderTest;

beforeAll(async () => {
  snowline = await startSnowline();
  fleet = await startSerialFleet({ example: 'StructEventSerial', transport: 'pty', count: BOARDS });
  bridge = await startBridge({ collectorUrl: snowline.collectorUrl, fleet });
}, 60_000);

afterAll(async () => {
  await bridge?.stop();
  await fleet?.stop();
  await snowline?.stop();
});

describe('scenario 5: twenty boards at once', () => {
  it('stores every press of twenty boards on twenty ptys, each stream complete and tagged with its own device', async () => {
    await timedScenario(`5 ${BOARDS} boards on ${BOARDS} ptys, ${PRESSES} events each`, async () => {
      fleet.start();
      await Promise.all(fleet.devices.map(async (device) => {
        for (let press = 0; press < PRESSES; press++) await device.board.pressButton(2, 20);
      }));
      const rows = await snowline.waitForRows<DeviceEventRow & Record<string, unknown>>(deviceEventsQuery(), BOARDS * PRESSES, 120_000);
      expect(rows).toHaveLength(BOARDS * PRESSES);
      expectCompleteDeviceStreams(rows, { dtmInOrder: false });
      const streams = groupByDeviceAndBoot(rows);
      expect([...streams.keys()].sort()).toEqual(fleet.devices.map((device) => `${device.deviceId}|0`).sort());
      for (const group of streams.values()) expect(group.map((row) => row.se_action)).toEqual(Array(PRESSES).fill('press'));
      const report = bridge.bridge.report();
      expect(report.serialPorts).toHaveLength(BOARDS);
      expect(report.serialPorts.every((port) => port.open === true && port.crcErrors === 0)).toBe(true);
      expect(bridge.bridge.counters.queued).toBe(BOARDS * PRESSES);
    });
  }, 240_000);
});
