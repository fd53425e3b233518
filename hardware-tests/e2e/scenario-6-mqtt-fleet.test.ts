// Scenario 6: an MQTT fleet of 100 simulated devices with per-device credentials, against the bridge's embedded
// aedes broker and against a Mosquitto broker the bridge subscribes to; one device with a wrong password is
// refused, the refusal is logged, and nothing of it is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { startBridge } from './bridge-under-test.ts';
import { deviceEventsQuery, expectCompleteDeviceStreams, groupByDeviceAndBoot, type DeviceEventRow } from './device-events.ts';
import { startMosquitto } from './mosquitto.ts';
import { deviceFrames, inBatches, mqttFleet, publishAsDevice, sha256Hex, type MqttDevice } from './mqtt-fleet.ts';
import { timedScenario } from './scenario-timing.ts';

const DEVICES = 100;
const EVENTS_PER_DEVICE = 2;

let snowline: RunningSnowline;

beforeAll(async () => {
  snowline = await startSnowline();
});

afterAll(async () => {
  await snowline?.stop();
});

async function expectFleetStored(prefix: string): Promise<void> {
  const query = deviceEventsQuery(`d->'data'->>'deviceId' like '${prefix}-%'`);
  const rows = await snowline.waitForRows<DeviceEventRow & Record<string, unknown>>(query, DEVICES * EVENTS_PER_DEVICE, 120_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const final = await snowline.query<DeviceEventRow & Record<string, unknown>>(query);
  expect(final).toHaveLength(DEVICES * EVENTS_PER_DEVICE);
  expectCompleteDeviceStreams(final);
  expect(groupByDeviceAndBoot(final).size).toBe(DEVICES);
  for (const row of final) {
    expect(row).toMatchObject({ app_id: 'mqtt-fleet', se_category: 'fleet', se_action: 'report', se_label: row.device_id, transport: 'mqtt', boot_id: '1' });
    expect(row.se_value).toBe(row.sequence);
  }
  expect(rows.length).toBeGreaterThanOrEqual(DEVICES * EVENTS_PER_DEVICE);
}

async function expectNothingStoredFor(deviceId: string): Promise<void> {
  expect(await snowline.query(`select event_id from atomic.events where se_label = $1 or contexts::text like $2`, [deviceId, `%"${deviceId}"%`])).toEqual([]);
}

describe('scenario 6: an MQTT fleet of 100 devices with per-device credentials', () => {
  it('the bridge embedded aedes broker: every device stored, the wrong password refused and logged', async () => {
    await timedScenario(`6 MQTT fleet of ${DEVICES} devices, embedded aedes broker`, async () => {
      const fleet = mqttFleet('aedes', DEVICES);
      const intruder = { deviceId: 'aedes-intruder', password: 'not-the-password' };
      // Two more devices use the other documented payload forms: a bare querystring and a payload_data JSON.
      const [querystringDevice, jsonDevice] = mqttFleet('forms', 2) as [MqttDevice, MqttDevice];
      const bridge = await startBridge({
        collectorUrl: snowline.collectorUrl,
        mqtt: {
          broker: { host: '127.0.0.1', port: 0, allowAnonymousOnLoopback: false },
          devices: [...fleet, querystringDevice, jsonDevice, { deviceId: intruder.deviceId, password: 'the-real-password' }].map((device) => ({
            deviceId: device.deviceId, passwordSha256: sha256Hex(device.password),
          })),
        },
      });
      try {
        const url = `mqtt://127.0.0.1:${bridge.bridge.mqttPort}`;
        await expect(publishAsDevice(url, intruder, deviceFrames(intruder.deviceId, 1))).rejects.toThrow(/Bad username or password|Not authorized/i);
        await inBatches(fleet, 20, (device) => publishAsDevice(url, device, deviceFrames(device.deviceId, EVENTS_PER_DEVICE)));
        await publishAsDevice(url, querystringDevice, ['e=se&se_ca=form&se_ac=querystring&aid=mqtt-fleet']);
        await publishAsDevice(url, jsonDevice, [JSON.stringify({
          schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
          data: [{ e: 'se', se_ca: 'form', se_ac: 'payload_data', aid: 'mqtt-fleet', eid: '5d2f0a84-8f7e-4d38-9c5b-2f1f6a0c9b11' }],
        })]);
        await expectFleetStored('aedes');
        const forms = await snowline.waitForRows<DeviceEventRow & Record<string, unknown>>(deviceEventsQuery(`d->'data'->>'deviceId' like 'forms-%'`), 2, 60_000);
        expect(forms.map((row) => [row.device_id, row.se_action, row.transport, row.platform])).toEqual([
          [querystringDevice.deviceId, 'querystring', 'mqtt', 'iot'],
          [jsonDevice.deviceId, 'payload_data', 'mqtt', 'iot'],
        ]);
        expect(forms[1]!.event_id).toBe('5d2f0a84-8f7e-4d38-9c5b-2f1f6a0c9b11'); // the client's own eid is kept
        await expectNothingStoredFor(intruder.deviceId);
        expect(bridge.bridge.counters.refusedUnauthorized).toBe(1);
        expect(bridge.logLines.some((line) => line.includes(intruder.deviceId) && /bad username or password/.test(line))).toBe(true);
      } finally {
        await bridge.stop();
      }
    });
  }, 240_000);

  it('Mosquitto started by the test, the bridge subscribed with its own user: every device stored, the wrong password refused and logged', async () => {
    await timedScenario(`6 MQTT fleet of ${DEVICES} devices, Mosquitto`, async () => {
      const fleet = mqttFleet('mosq', DEVICES);
      const intruder = { deviceId: 'mosq-intruder', password: 'not-the-password' };
      process.env.SNOWLINE_TEST_BRIDGE_MQTT_PASSWORD = 'bridge-secret';
      const broker = await startMosquitto([
        ...[...fleet, { deviceId: intruder.deviceId, password: 'the-real-password' }].map((device) => ({
          username: device.deviceId, password: device.password, acl: [`topic write snowline/${device.deviceId}/events`],
        })),
        { username: 'snowline-bridge', password: 'bridge-secret', acl: ['topic read snowline/+/events'] },
      ]);
      const bridge = await startBridge({
        collectorUrl: snowline.collectorUrl,
        mqtt: {
          client: { url: broker.url, clientId: 'snowline-bridge-test', username: 'snowline-bridge', passwordEnv: 'SNOWLINE_TEST_BRIDGE_MQTT_PASSWORD' },
        },
      });
      try {
        await expect(publishAsDevice(broker.url, intruder, deviceFrames(intruder.deviceId, 1))).rejects.toThrow(/Not authorized|Bad username or password/i);
        await inBatches(fleet, 20, (device) => publishAsDevice(broker.url, device, deviceFrames(device.deviceId, EVENTS_PER_DEVICE)));
        await expectFleetStored('mosq');
        await expectNothingStoredFor(intruder.deviceId);
        const deadline = Date.now() + 5000;
        while (!/disconnected, not authori[sz]ed/.test(broker.log()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(broker.log()).toMatch(/disconnected, not authori[sz]ed/);
      } finally {
        await bridge.stop();
        await broker.stop();
      }
    });
  }, 240_000);
});
