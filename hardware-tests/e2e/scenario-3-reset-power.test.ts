// Scenario 3: a device reset in the middle of a frame, and a power cycle with events the device still holds
// unacknowledged. The bridge resynchronises on the next `$`, keeps nothing of the cut frame, and a retransmitted
// event it already holds is stored once; the new boot starts a new boot id and sequence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { startBridge, waitUntil, type BridgeUnderTest } from './bridge-under-test.ts';
import { deviceEventsQuery, expectCompleteDeviceStreams, type DeviceEventRow } from './device-events.ts';
import { timedScenario } from './scenario-timing.ts';
import { acceptedEvents, portStats, pressAndAwaitEach } from './serial-scenario-steps.ts';
import { startSerialFleet, type SerialFleet } from './serial-fleet.ts';

let snowline: RunningSnowline;
let fleet: SerialFleet;
let bridge: BridgeUnderTest;

beforeAll(async () => {
  snowline = await startSnowline();
  fleet = await startSerialFleet({ example: 'StructEventSerial', transport: 'in-process' });
  bridge = await startBridge({ collectorUrl: snowline.collectorUrl, fleet });
  fleet.start();
}, 60_000);

afterAll(async () => {
  await bridge?.stop();
  await fleet?.stop();
  await snowline?.stop();
});

describe('scenario 3: reset and power loss', () => {
  it('resynchronises after a reset in the middle of a frame, and stores once the events a power-cycled device never saw acknowledged', async () => {
    await timedScenario('3 reset mid-frame, power cycle with unacknowledged events', async () => {
      const device = fleet.devices[0]!;
      const { board } = device;
      await pressAndAwaitEach(bridge.bridge, device, 2);

      // Press 3: pull RESET as soon as part of its frame is on the line, before its end.
      const cutFrame = new Promise<string>((resolve) => {
        const onTransmit = () => {
          const start = board.output.lastIndexOf('$1E|doorbell-01|0|3|');
          if (start < 0 || board.output.indexOf('\r\n', start) >= 0) return;
          board.off('transmit', onTransmit);
          // Let go of the button first: a button still held at boot would (rightly) count as a press of boot 1.
          board.setDigitalInput(2, true);
          board.reset();
          resolve(board.output.slice(start));
        };
        board.on('transmit', onTransmit);
      });
      board.clearTranscript();
      await board.pressButton(2, 20);
      const partial = await cutFrame;
      expect(partial.length).toBeGreaterThan(0);
      expect(partial).not.toContain('\n');
      await board.waitForSimulatedMs(50);
      await pressAndAwaitEach(bridge.bridge, device, 1); // boot 1, seq 1: its `$` ends the cut frame
      const afterReset = portStats(bridge.bridge, device.portPath);
      expect(afterReset.resyncs + afterReset.syntaxErrors + afterReset.crcErrors).toBeGreaterThanOrEqual(1);

      // Boot 1, presses 2 and 3 reach the bridge, but every ACK is lost on the way back: the device keeps both.
      device.noise.toDevice.setCut(true);
      const accepted = acceptedEvents(bridge.bridge, device.portPath);
      await board.pressButton(2, 20);
      await board.waitForSimulatedMs(20);
      await board.pressButton(2, 20);
      await waitUntil('both presses accepted by the bridge', () => acceptedEvents(bridge.bridge, device.portPath) >= accepted + 2);
      await waitUntil('a retransmission of an event the bridge already holds', () => portStats(bridge.bridge, device.portPath).duplicates >= 1, 60_000);
      await board.powerCycle(50);
      device.noise.toDevice.setCut(false);
      await board.waitForSimulatedMs(50);
      await pressAndAwaitEach(bridge.bridge, device, 1); // boot 2, seq 1

      const rows = await snowline.waitForRows<DeviceEventRow & Record<string, unknown>>(deviceEventsQuery(), 6, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // anything extra would have arrived by now
      const final = await snowline.query<DeviceEventRow & Record<string, unknown>>(deviceEventsQuery());
      expect(final).toHaveLength(6);
      expectCompleteDeviceStreams(final, { dtmInOrder: false });
      // Boot 0 lost its third press with the reset (it was only in RAM, its frame cut); boot 1's retransmitted
      // events are stored once each.
      expect(final.map((row) => `${row.boot_id}:${row.sequence}`)).toEqual(['0:1', '0:2', '1:1', '1:2', '1:3', '2:1']);
      expect(final.map((row) => `${row.se_category}/${row.se_action}`)).toEqual(Array(6).fill('button/press'));
      expect(rows.length).toBeGreaterThanOrEqual(6);
      expect(board.resetCount).toBe(2);
    });
  }, 180_000);
});
