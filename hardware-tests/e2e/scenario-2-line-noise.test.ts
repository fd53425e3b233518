// Scenario 2: line noise on the pty path. Bits flipped at 1e-4 and 1e-3 bit error rates and bytes dropped, in
// both directions, between emulated boards and the bridge's real serial ports: no corrupted event is accepted,
// and every event is delivered, by retransmission. (With ACKs lost, a device may drop from its small ring an event
// the bridge already holds: droppedTotal then counts it, but no event is missing from atomic.events.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { startBridge, type BridgeUnderTest } from './bridge-under-test.ts';
import { deviceEventsQuery, expectCompleteDeviceStreams, type DeviceEventRow } from './device-events.ts';
import { timedScenario } from './scenario-timing.ts';
import { portStats } from './serial-scenario-steps.ts';
import { startSerialFleet, type SerialFleet } from './serial-fleet.ts';

const PRESSES = 24;
// A ring buffer that holds all the presses, so that any loss could only come from the line (the default 128 bytes
// hold three; SNOWLINE_RING_BYTES is the library's documented knob).
const RING_BYTES = '1024';
const LINES = [
  { name: 'bit error rate 1e-4', deviceId: 'doorbell-01', noise: { bitErrorRate: 1e-4, seed: 11 } },
  { name: 'bit error rate 1e-3', deviceId: 'doorbell-02', noise: { bitErrorRate: 1e-3, seed: 12 } },
  { name: 'dropped bytes 2e-3', deviceId: 'doorbell-03', noise: { byteDropRate: 2e-3, seed: 13 } },
];

let snowline: RunningSnowline;
let fleet: SerialFleet;
let bridge: BridgeUnderTest;

beforeAll(async () => {
  snowline = await startSnowline();
  fleet = await startSerialFleet({ example: 'StructEventSerial', transport: 'pty', count: LINES.length, defines: { SNOWLINE_RING_BYTES: RING_BYTES, SNOWLINE_MAX_PAYLOAD: '122' } });
  // Each board gets its own kind of noise, the same in both directions (frames out, ACK/NAK lines in).
  fleet.devices.forEach((device, index) => {
    device.noise.toHost.setRates(LINES[index]!.noise);
    device.noise.toDevice.setRates(LINES[index]!.noise);
  });
  bridge = await startBridge({ collectorUrl: snowline.collectorUrl, fleet });
  fleet.start();
}, 60_000);

afterAll(async () => {
  await bridge?.stop();
  await fleet?.stop();
  await snowline?.stop();
});

describe('scenario 2: a noisy serial line (socat pty pair, serialport in the bridge)', () => {
  it('delivers every press exactly once and accepts no corrupted frame, at 1e-4 and 1e-3 bit error rates and with dropped bytes', async () => {
    await timedScenario(`2 line noise (${LINES.map((line) => line.name).join(', ')}; ${PRESSES} events each)`, async () => {
      await Promise.all(fleet.devices.map(async (device) => {
        for (let press = 0; press < PRESSES; press++) {
          await device.board.pressButton(2, 20);
          await device.board.waitForSimulatedMs(20);
        }
      }));
      const rows = await snowline.waitForRows<DeviceEventRow & Record<string, unknown>>(deviceEventsQuery(), PRESSES * LINES.length, 150_000);
      expect(rows).toHaveLength(PRESSES * LINES.length);
      expectCompleteDeviceStreams(rows, { dtmInOrder: false });
      for (const row of rows) {
        expect(row).toMatchObject({
          app_id: 'doorbell', event: 'struct', se_category: 'button', se_action: 'press', boot_id: '0',
          v_tracker: 'snowline-arduino-0.1.0', firmware_version: '1.0.0', transport: 'serial',
        });
      }
      LINES.forEach((line, index) => {
        const device = fleet.devices[index]!;
        expect(rows.filter((row) => row.device_id === line.deviceId).map((row) => row.sequence)).toEqual(Array.from({ length: PRESSES }, (_, index) => index + 1));
        const stats = portStats(bridge.bridge, device.portPath);
        const noise = device.noise;
        process.stdout.write(
          `  ${line.name}: ${noise.toHost.stats.bitsFlipped + noise.toDevice.stats.bitsFlipped} bits flipped, ` +
            `${noise.toHost.stats.bytesDropped + noise.toDevice.stats.bytesDropped} bytes dropped; bridge: ${stats.frames} good frames ` +
            `(${stats.duplicates} duplicates), ${stats.crcErrors} CRC errors, ${stats.syntaxErrors} syntax errors, ` +
            `${stats.resyncs} resyncs, ${stats.naksSent} NAKs; device droppedTotal ` +
            `${Math.max(...rows.filter((row) => row.device_id === line.deviceId).map((row) => row.dropped_total ?? 0))}\n`,
        );
      });
      // The 1e-3 line really was bad: frames failed their CRC and were NAKed, and the device retransmitted.
      const worst = portStats(bridge.bridge, fleet.devices[1]!.portPath);
      expect(fleet.devices[1]!.noise.toHost.stats.bitsFlipped).toBeGreaterThan(0);
      expect(worst.crcErrors + worst.syntaxErrors + worst.resyncs).toBeGreaterThan(0);
      expect(worst.naksSent).toBeGreaterThan(0);
      expect(fleet.devices[2]!.noise.toHost.stats.bytesDropped + fleet.devices[2]!.noise.toDevice.stats.bytesDropped).toBeGreaterThan(0);
      // Nothing the line corrupted reached enrich: no bad rows at all.
      expect(badRowCount(snowline.dataDir)).toBe(0);
    });
  }, 240_000);
});

function badRowCount(dataDir: string): number {
  const badDir = path.join(dataDir, 'enriched/bad');
  let count = 0;
  try {
    for (const file of readdirSync(badDir)) count += readFileSync(path.join(badDir, file), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
  return count;
}
