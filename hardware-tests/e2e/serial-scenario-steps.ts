// Steps the serial scenarios share: pressing a board's button and waiting until the bridge has made that press
// durable, and reading a port's statistics from the bridge's health report.
import type { Bridge, SerialPortStats } from '../../firmware-bridge/index.ts';
import { waitUntil } from './bridge-under-test.ts';
import type { SimulatedDevice } from './serial-fleet.ts';

export function portStats(bridge: Bridge, portPath: string): SerialPortStats {
  // The health report types ports loosely (it is JSON for operators); they are SerialPortStats objects.
  const stats = bridge.report().serialPorts.find((port) => port.path === portPath);
  if (!stats) throw new Error(`the bridge has no serial port ${portPath}`);
  return stats as unknown as SerialPortStats;
}

/** Distinct events the bridge accepted from this port (good frames minus retransmitted copies). */
export function acceptedEvents(bridge: Bridge, portPath: string): number {
  const stats = portStats(bridge, portPath);
  return stats.frames - stats.duplicates;
}

/**
 * Presses the doorbell button `count` times, each time waiting until the bridge accepted the event before the
 * next press, so the device's small ring buffer never overflows: every loss must then come from the line.
 */
export async function pressAndAwaitEach(bridge: Bridge, device: SimulatedDevice, count: number, timeoutMs = 60_000): Promise<void> {
  const before = acceptedEvents(bridge, device.portPath);
  for (let press = 1; press <= count; press++) {
    await device.board.pressButton(2, 20);
    await waitUntil(`${device.deviceId}: press ${press} accepted by the bridge`, () => acceptedEvents(bridge, device.portPath) >= before + press, timeoutMs)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nport: ${JSON.stringify(portStats(bridge, device.portPath))}\nboard output: ${JSON.stringify(device.board.output.slice(-600))}`);
      });
  }
}
