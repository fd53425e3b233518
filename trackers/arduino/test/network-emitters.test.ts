// The MQTT and HTTP emitters of the host-built library against real servers: the bridge's embedded MQTT broker
// (with device credentials) and a running Snowline collector, over real TCP connections.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceEventId } from '../../../firmware-bridge/index.ts';
import { startBridgeFixture, type BridgeFixture } from '../../../firmware-bridge/testing/bridge-fixture.ts';
import { startSnowline, type RunningSnowline } from '../../../test-support/snowline.ts';
import { NetworkedHarness } from './arduino-host.ts';

describe('Arduino MQTT emitter (host build) with the bridge broker', () => {
  let fixture: BridgeFixture;
  beforeAll(async () => {
    const digest = createHash('sha256').update('door-pass').digest('hex');
    fixture = await startBridgeFixture({ mqtt: { broker: { host: '127.0.0.1', port: 0, allowAnonymousOnLoopback: false }, devices: [{ deviceId: 'door-12', passwordSha256: digest }] } });
  });
  afterAll(async () => fixture.close());

  it('connects with the device credentials, publishes frames at QoS 1 and drops each event on its PUBACK', async () => {
    const device = new NetworkedHarness();
    try {
      device.send('mqtt', '127.0.0.1', fixture.bridge.mqttPort!, 'door-12', 'door-pass', null);
      device.send('device', 'doors', 'door-12', '1.4.2');
      device.send('begin', 3);
      await device.step(10);
      expect((await device.ask('se', 'door', 'open', 'front', null, 'none')).fields[0]).toBe('1');
      expect((await device.ask('se', 'door', 'close', 'front', null, 'int', 7)).fields[0]).toBe('1');
      for (let step = 0; step < 100; step++) {
        await device.step(20);
        if ((await device.ask('state')).fields[0] === '0') break;
      }
      expect((await device.ask('state')).fields[0]).toBe('0');
      const events = await fixture.collector.waitForEvents(2);
      expect(events.map((event) => event.eid)).toEqual([deviceEventId('door-12', 3, 1), deviceEventId('door-12', 3, 2)]);
      expect(events[1]).toMatchObject({ e: 'se', se_ca: 'door', se_ac: 'close', se_la: 'front', se_va: '7', aid: 'doors', tv: 'snowline-arduino-0.1.0' });
      expect(JSON.parse(events[0]!.co!).data[0].data).toMatchObject({ deviceId: 'door-12', firmwareVersion: '1.4.2', transport: 'mqtt' });
    } finally {
      await device.close();
    }
  });

  it('is refused with a wrong password and publishes nothing', async () => {
    const before = fixture.collector.events().length;
    const device = new NetworkedHarness();
    try {
      device.send('mqtt', '127.0.0.1', fixture.bridge.mqttPort!, 'door-12', 'wrong', null);
      device.send('device', 'doors', 'door-12', null);
      device.send('begin', 4);
      await device.ask('se', 'door', 'open', null, null, 'none');
      for (let step = 0; step < 20; step++) await device.step(50);
      expect((await device.ask('state')).fields[0]).toBe('1');
      expect(fixture.collector.events().length).toBe(before);
      expect(fixture.bridge.counters.refusedUnauthorized).toBeGreaterThan(0);
    } finally {
      await device.close();
    }
  });
});

describe('Arduino HTTP GET emitter (host build) with a running Snowline', () => {
  let snowline: RunningSnowline;
  beforeAll(async () => {
    snowline = await startSnowline();
  }, 120_000);
  afterAll(async () => snowline?.stop());

  it('sends GET /i with modern parameters and the device entity, and drops the event on the 2xx', async () => {
    const appId = `thermo-${randomUUID().slice(0, 8)}`;
    const url = new URL(snowline.collectorUrl);
    const device = new NetworkedHarness();
    try {
      device.send('http', url.hostname, url.port);
      device.send('device', appId, 'thermo-03', '0.9.0');
      device.send('begin', 8);
      expect((await device.ask('se', 'sensor', 'temperature', 'living room', 'celsius', 'double', '21.56', 1)).fields[0]).toBe('1');
      for (let step = 0; step < 100; step++) {
        await device.step(20);
        if ((await device.ask('state')).fields[0] === '0') break;
      }
      expect((await device.ask('state')).fields[0]).toBe('0');
      const request = device.outputs.filter((line) => line.kind === 'tx').map((line) => line.fields[0]).join('');
      expect(request).toMatch(/^GET \/i\?e=se&se_ca=sensor&se_ac=temperature&se_la=living%20room&se_pr=celsius&se_va=21\.6&/);
      expect(request).not.toMatch(/ev_|tid=/);
      const rows = await snowline.waitForRows<{ se_label: string; se_value: string; platform: string; contexts: unknown; v_tracker: string }>(
        `select se_label, se_value, platform, contexts, v_tracker from atomic.events where app_id = '${appId}'`,
        1,
      );
      expect(rows[0]).toMatchObject({ se_label: 'living room', platform: 'iot', v_tracker: 'snowline-arduino-0.1.0' });
      expect(Number(rows[0]!.se_value)).toBe(21.6);
      expect(JSON.stringify(rows[0]!.contexts)).toMatch(/"deviceId": ?"thermo-03"/);
      expect(JSON.stringify(rows[0]!.contexts)).toMatch(/"transport": ?"http"/);
    } finally {
      await device.close();
    }
  }, 60_000);
});
