// Scenario 1: each Arduino example boots on an emulated Uno and its events arrive in atomic.events with the
// right fields, the device entity, device timestamps that never go back and consecutive sequence numbers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IGLU_REGISTRY } from '../../test-support/iglu.ts';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { compileSketch } from '../build/compile-sketch.ts';
import { AvrBoard } from '../sim/avr-board.ts';
import { relayBoardToTcp } from '../sim/tcp-relay.ts';
import { deviceEventsQuery, expectCompleteDeviceStreams, type DeviceEventRow } from './device-events.ts';
import { timedScenario } from './scenario-timing.ts';
import { startBridge, waitUntil } from './bridge-under-test.ts';
import { ARDUINO_LIBRARY_DIR, startSerialFleet } from './serial-fleet.ts';

let snowline: RunningSnowline;

// The SelfDescribingSerial example's event schema, for enrich to validate it against (a deployment puts it in
// its own Iglu registry).
// The library ships its examples' schemas as a static Iglu registry.
const EXAMPLE_SCHEMAS = path.join(ARDUINO_LIBRARY_DIR, 'iglu');

beforeAll(async () => {
  snowline = await startSnowline({ config: { enrich: { iglu: { embeddedRegistryPaths: [TEST_IGLU_REGISTRY, EXAMPLE_SCHEMAS] } } } });
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

  it('StructEventSerial: button presses over the serial frame protocol, through the bridge, across a reset', async () => {
    await timedScenario('1 StructEventSerial (serial frames via the bridge, in-process port, two boots)', async () => {
      const fleet = await startSerialFleet({ example: 'StructEventSerial', transport: 'in-process' });
      const bridge = await startBridge({ collectorUrl: snowline.collectorUrl, fleet });
      const board = fleet.devices[0]!.board;
      try {
        fleet.start();
        for (let press = 1; press <= 3; press++) {
          await board.pressButton(2, 20);
          await waitUntil(`press ${press} queued by the bridge`, () => bridge.bridge.counters.queued >= press);
        }
        board.reset();
        await board.waitForSimulatedMs(20);
        await board.pressButton(2, 20);
        const query = deviceEventsQuery(`d->'data'->>'deviceId' = 'doorbell-01'`);
        const rows = await snowline.waitForRows<DeviceEventRow & Record<string, unknown>>(query, 4, 60_000);
        expect(rows).toHaveLength(4);
        expectCompleteDeviceStreams(rows);
        expect(rows.map((row) => `${row.boot_id}:${row.sequence}`)).toEqual(['0:1', '0:2', '0:3', '1:1']);
        for (const row of rows) {
          expect(row).toMatchObject({
            app_id: 'doorbell', platform: 'iot', event: 'struct', se_category: 'button', se_action: 'press',
            v_tracker: 'snowline-arduino-0.1.0', firmware_version: '1.0.0', transport: 'serial', dropped_total: 0,
          });
          // dtm comes from the device's uptime: created no later than sent, both close to the collector's time.
          expect(row.dvce_created_tstamp!.getTime()).toBeLessThanOrEqual(row.dvce_sent_tstamp!.getTime());
          expect(Math.abs(row.collector_tstamp.getTime() - row.dvce_sent_tstamp!.getTime())).toBeLessThan(10_000);
        }
        expect(bridge.bridge.counters.badFrames).toBe(0);
      } finally {
        await bridge.stop();
        await fleet.stop();
      }
    });
  }, 150_000);

  it('SelfDescribingSerial: a soil reading (self-describing event) at every boot, through the bridge', async () => {
    await timedScenario('1 SelfDescribingSerial (self-describing event via the bridge, two boots)', async () => {
      const fleet = await startSerialFleet({ example: 'SelfDescribingSerial', transport: 'in-process' });
      const board = fleet.devices[0]!.board;
      board.setAnalogInput(0, 2.0); // analogRead 409 of 1023
      const bridge = await startBridge({ collectorUrl: snowline.collectorUrl, fleet });
      try {
        fleet.start();
        // The reading is tracked in setup(): its frame must be on the line at once.
        await board.waitForOutput('$1E|plant-07|0|1|', 20_000);
        await waitUntil('the first reading queued', () => bridge.bridge.counters.queued >= 1);
        board.reset();
        const query = deviceEventsQuery(`d->'data'->>'deviceId' = 'plant-07'`);
        const rows = await snowline.waitForRows<DeviceEventRow & Record<string, unknown>>(query, 2, 60_000);
        expectCompleteDeviceStreams(rows);
        expect(rows.map((row) => `${row.boot_id}:${row.sequence}`)).toEqual(['0:1', '1:1']);
        const events = await snowline.query<{ event: string; unstruct_event: { data: { schema: string; data: Record<string, unknown> } } }>(
          `select e.event, e.unstruct_event from atomic.events e where e.app_id = 'plant-monitor'`,
        );
        expect(events).toHaveLength(2);
        for (const event of events) {
          expect(event.event).toBe('unstruct');
          expect(event.unstruct_event.data).toEqual({
            schema: 'iglu:io.snowline.example/soil_reading/jsonschema/1-0-0',
            data: { moisture: 409, percent: 39.98, dry: false, sensor: 'A0' },
          });
        }
      } finally {
        await bridge.stop();
        await fleet.stop();
      }
    });
  }, 150_000);

  it('MqttOverSerial: door events published over MQTT (TCP relay) to the bridge broker with the device credentials', async () => {
    await timedScenario('1 MqttOverSerial (MQTT via a TCP relay to the embedded broker)', async () => {
      process.env.SNOWLINE_TEST_DOOR12_PASSWORD = 'change-me';
      const bridge = await startBridge({
        collectorUrl: snowline.collectorUrl,
        mqtt: {
          broker: { host: '127.0.0.1', port: 0, allowAnonymousOnLoopback: false },
          devices: [{ deviceId: 'door-12', passwordEnv: 'SNOWLINE_TEST_DOOR12_PASSWORD' }],
        },
      });
      const board = new AvrBoard({ firmware: await exampleHex('MqttOverSerial'), name: 'door-12' });
      const relay = relayBoardToTcp(board, { port: bridge.bridge.mqttPort! });
      try {
        board.start();
        await waitUntil('the boot event queued', () => bridge.bridge.counters.queued >= 1);
        board.setDigitalInput(3, false); // the door closes
        await waitUntil('the close event queued', () => bridge.bridge.counters.queued >= 2);
        board.setDigitalInput(3, true); // and opens again
        const query = deviceEventsQuery(`d->'data'->>'deviceId' = 'door-12'`);
        const rows = await snowline.waitForRows<DeviceEventRow & Record<string, unknown>>(query, 3, 60_000);
        expect(rows).toHaveLength(3);
        expectCompleteDeviceStreams(rows);
        expect(rows.map((row) => [row.sequence, row.se_category, row.se_action, row.se_label])).toEqual([
          [1, 'device', 'boot', null],
          [2, 'door', 'close', 'front'],
          [3, 'door', 'open', 'front'],
        ]);
        for (const row of rows) expect(row).toMatchObject({ app_id: 'door-sensors', transport: 'mqtt', firmware_version: '1.4.2', boot_id: '0' });
        expect(relay.stats.connections).toBe(1); // one MQTT session for all three events
        expect(bridge.bridge.counters.refusedUnauthorized).toBe(0);
      } finally {
        await relay.close();
        board.destroy();
        await bridge.stop();
      }
    });
  }, 150_000);
});
