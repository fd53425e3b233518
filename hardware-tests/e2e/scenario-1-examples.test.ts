// Scenario 1: each Arduino example boots on an emulated Uno and its events arrive in atomic.events with the
// right fields, the device entity, device timestamps that never go back and consecutive sequence numbers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { compileSketch } from '../build/compile-sketch.ts';
import { AvrBoard } from '../sim/avr-board.ts';
import { relayBoardToTcp } from '../sim/tcp-relay.ts';
import { deviceEventsQuery, expectCompleteDeviceStreams, type DeviceEventRow } from './device-events.ts';
import { timedScenario } from './scenario-timing.ts';
import { ARDUINO_LIBRARY_DIR } from './serial-fleet.ts';

let snowline: RunningSnowline;

beforeAll(async () => {
  snowline = await startSnowline();
});

afterAll(async () => {
  await snowline?.stop();
});

function exampleHex(example: string): Promise<string> {
  const sketchPath = path.join(ARDUINO_LIBRARY_DIR, 'examples', example, `${example}.ino`);
  return compileSketch({ sketchPath, libraryDir: ARDUINO_LIBRARY_DIR }).then((build) => readFileSync(build.hexPath, 'utf8'));
}

describe('scenario 1: every example boots and its events arrive in atomic.events', () => {
  it('HttpGetOverSerial: a temperature reading per boot, straight to the collector through a TCP relay, with the device entity', async () => {
    await timedScenario('1 HttpGetOverSerial (GET /i through a TCP relay, two boots)', async () => {
      const board = new AvrBoard({ firmware: await exampleHex('HttpGetOverSerial'), name: 'thermo-03' });
      board.setAnalogInput(1, 0.75); // a TMP36 at 25 degrees Celsius on A1
      const relay = relayBoardToTcp(board, { port: Number(new URL(snowline.collectorUrl).port) });
      try {
        board.start();
        const query = deviceEventsQuery(`d->'data'->>'deviceId' = 'thermo-03'`);
        await snowline.waitForRows(query, 1, 60_000);
        board.reset();
        const rows = await snowline.waitForRows<DeviceEventRow & Record<string, unknown>>(query, 2, 60_000);
        expect(rows).toHaveLength(2);
        expectCompleteDeviceStreams(rows);
        expect(rows.map((row) => [row.boot_id, row.sequence])).toEqual([['0', 1], ['1', 1]]);
        for (const row of rows) {
          expect(row).toMatchObject({
            app_id: 'thermometers',
            platform: 'iot',
            event: 'struct',
            se_category: 'sensor',
            se_action: 'temperature',
            se_label: 'living room',
            se_property: 'celsius',
            v_tracker: 'snowline-arduino-0.1.0',
            firmware_version: '0.9.0',
            transport: 'http',
            dropped_total: 0,
          });
          // analogRead gives 153 for 0.75 V: 153 x 5 / 1024 V is 24.7 degrees Celsius.
          expect(row.se_value).toBeCloseTo(24.7, 5);
        }
        expect(relay.stats.connections).toBe(2); // Connection: close, one request per connection
      } finally {
        await relay.close();
        board.destroy();
      }
    });
  }, 150_000);
});
