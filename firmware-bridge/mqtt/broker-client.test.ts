import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeFixture } from '../testing/bridge-fixture.ts';
import { startMosquitto, type RunningMosquitto } from '../testing/mosquitto.ts';
import { startRecordingCollector, type RecordingCollector } from '../testing/recording-collector.ts';

describe('bridge as a client of Mosquitto', () => {
  let mosquitto: RunningMosquitto;
  let collector: RecordingCollector;

  beforeAll(async () => {
    mosquitto = await startMosquitto({ bridge: 'bridge-pass', 'sensor-1': 'sensor-pass' });
    collector = await startRecordingCollector();
    process.env.SNOWLINE_TEST_BRIDGE_PASSWORD = 'bridge-pass';
    process.env.SNOWLINE_TEST_WRONG_PASSWORD = 'nope';
  });
  afterAll(async () => {
    await collector.close();
    await mosquitto.stop();
  });

  const clientConfig = (extra: Record<string, unknown> = {}) => ({
    mqtt: { client: { url: mosquitto.url, username: 'bridge', passwordEnv: 'SNOWLINE_TEST_BRIDGE_PASSWORD', ...extra } },
  });

  it('refuses to start with wrong broker credentials, naming the broker', async () => {
    await expect(startBridgeFixture({ mqtt: { client: { url: mosquitto.url, username: 'bridge', passwordEnv: 'SNOWLINE_TEST_WRONG_PASSWORD' } } }, { collector })).rejects.toThrow(
      new RegExp(`cannot connect to ${mosquitto.url}.*(Not authorized|Bad username)`, 'i'),
    );
  });

  it('forwards what devices publish with their own credentials, and keeps its session across a restart', async () => {
    const fixture = await startBridgeFixture(clientConfig({ clientId: 'bridge-persistent' }), { collector });
    const device = await mqtt.connectAsync(mosquitto.url, { username: 'sensor-1', password: 'sensor-pass', reconnectPeriod: 0 });
    await device.publishAsync('snowline/sensor-1/events', 'e=se&se_ca=reading&se_ac=first', { qos: 1 });
    await collector.waitForEvents(1);
    // While the bridge is away, the broker keeps QoS 1 messages for its persistent session.
    await fixture.bridge.close();
    await device.publishAsync('snowline/sensor-1/events', 'e=se&se_ca=reading&se_ac=while-away', { qos: 1 });
    const again = await startBridgeFixture(clientConfig({ clientId: 'bridge-persistent' }), { collector, dataDir: fixture.dataDir });
    const events = await collector.waitForEvents(2);
    expect(events.map((event) => event.se_ac)).toEqual(['first', 'while-away']);
    await device.endAsync();
    await again.close();
    await fixture.close();
  });

  it('splits a fleet between two bridges of one shared group, each message once', async () => {
    const before = collector.events().length;
    const first = await startBridgeFixture(clientConfig({ clientId: 'bridge-a', sharedGroup: 'fleet' }), { collector });
    const second = await startBridgeFixture(clientConfig({ clientId: 'bridge-b', sharedGroup: 'fleet' }), { collector });
    const device = await mqtt.connectAsync(mosquitto.url, { username: 'sensor-1', password: 'sensor-pass', reconnectPeriod: 0 });
    for (let index = 0; index < 40; index++) await device.publishAsync('snowline/sensor-1/events', `e=se&se_ca=shared&se_ac=m${index}`, { qos: 1 });
    await device.endAsync();
    const events = (await collector.waitForEvents(before + 40)).slice(before);
    expect(events.map((event) => event.se_ac).sort()).toEqual(Array.from({ length: 40 }, (_, index) => `m${index}`).sort());
    expect(first.bridge.counters.queued).toBeGreaterThan(0);
    expect(second.bridge.counters.queued).toBeGreaterThan(0);
    expect(first.bridge.counters.queued + second.bridge.counters.queued).toBe(40);
    await first.close();
    await second.close();
  });
});
