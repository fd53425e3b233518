// Device events through the bridge into a running Snowline: serial and MQTT, struct and self-describing, each row
// in atomic.events with the device time, the derived event id and the device entity in its contexts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { TEST_IGLU_REGISTRY } from '../../test-support/iglu.ts';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { createBridge, type Bridge } from '../create-bridge.ts';
import { deviceEventId } from '../frame/event-identity.ts';
import { encodeEventFrame } from '../frame/serial-frame.ts';
import { DeviceSimulator } from '../testing/device-simulator.ts';
import { openPtyPair, type PtyPair } from '../../test-support/pty-pair.ts';

describe('device events in atomic.events', () => {
  let snowline: RunningSnowline;
  let pty: PtyPair;
  let bridge: Bridge;
  let dataDir: string;

  beforeAll(async () => {
    // The Arduino library ships its example's schema as a static registry (trackers/arduino/iglu).
    const arduinoRegistry = fileURLToPath(new URL('../../trackers/arduino/iglu', import.meta.url));
    snowline = await startSnowline({ config: { enrich: { iglu: { embeddedRegistryPaths: [TEST_IGLU_REGISTRY, arduinoRegistry] } } } });
    pty = await openPtyPair();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-bridge-rows-'));
    bridge = createBridge(
      { serialPorts: [{ path: pty.hostPath, reopenIntervalMs: 100 }], mqtt: { broker: { port: 0 } }, forward: { lingerMs: 20 } },
      { collectorUrl: snowline.collectorUrl, dataDir, log: () => undefined },
    );
    await bridge.start();
  }, 120_000);

  afterAll(async () => {
    await bridge?.close();
    await pty?.close();
    await snowline?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lands serial and MQTT events, struct and self-describing, with device time, event id and device entity', async () => {
    const device = new DeviceSimulator({ path: pty.devicePath, deviceId: 'kiosk-9', bootId: 21, appId: 'kiosk', firmwareVersion: '4.2.0', retryMs: 200 });
    await device.open();
    device.track({ e: 'se', se_ca: 'screen', se_ac: 'tap', se_la: 'checkout', se_va: '2.5' });
    device.track({
      e: 'ue',
      ue_pr: JSON.stringify({
        schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
        data: { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { productId: 'ASO01043', price: 49.95 } },
      }),
    });
    device.track({
      e: 'ue',
      ue_pr: JSON.stringify({
        schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
        data: { schema: 'iglu:io.snowline.example/soil_reading/jsonschema/1-0-0', data: { moisture: 409, percent: 39.98, dry: false, sensor: 'A0' } },
      }),
    });
    await device.waitUntilAcknowledged(3);
    await device.close();
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${bridge.mqttPort}`, { reconnectPeriod: 0 });
    await client.publishAsync(
      'snowline/kiosk-10/events',
      encodeEventFrame({ deviceId: 'kiosk-10', bootId: 4, seq: 77, createdUptimeMs: 5000, sentUptimeMs: 5200, droppedTotal: 1, payload: 'e=se&se_ca=door&se_ac=open&aid=kiosk' }),
      { qos: 1 },
    );
    await client.endAsync();

    const rows = await snowline.waitForRows<Record<string, unknown>>(
      "select event_id, event, platform, app_id, se_category, se_value, dvce_created_tstamp, dvce_sent_tstamp, unstruct_event, contexts, event_name from atomic.events where app_id = 'kiosk' order by se_category nulls last",
      4,
      30_000,
    );
    const byDevice = (deviceId: string) =>
      rows.filter((row) => JSON.stringify(row.contexts).includes(`"deviceId":"${deviceId}"`) || JSON.stringify(row.contexts).includes(`"deviceId": "${deviceId}"`));
    const kiosk9 = byDevice('kiosk-9');
    expect(kiosk9).toHaveLength(3);
    expect(new Set(kiosk9.map((row) => row.event_id))).toEqual(new Set([1, 2, 3].map((seq) => deviceEventId('kiosk-9', 21, seq))));
    expect(kiosk9.filter((row) => row.event_name === 'soil_reading')).toHaveLength(1);
    const tap = kiosk9.find((row) => row.se_category === 'screen')!;
    expect(tap).toMatchObject({ event: 'struct', platform: 'iot' });
    expect(Number(tap.se_value)).toBe(2.5);
    expect(tap.dvce_created_tstamp).not.toBeNull();
    const viewed = kiosk9.find((row) => row.event_name === 'viewed_product')!;
    expect(viewed.event_name).toBe('viewed_product');
    expect(JSON.stringify(viewed.unstruct_event)).toContain('ASO01043');
    expect(JSON.stringify(viewed.contexts)).toContain('io.snowline');
    expect(JSON.stringify(viewed.contexts)).toContain('4.2.0');
    const door = byDevice('kiosk-10');
    expect(door).toHaveLength(1);
    expect(door[0]!.event_id).toBe(deviceEventId('kiosk-10', 4, 77));
    // The frame carried no tv (payload_data requires one): the bridge named itself.
    expect((await snowline.query<{ v_tracker: string }>(`select v_tracker from atomic.events where event_id = '${deviceEventId('kiosk-10', 4, 77)}'`))[0]!.v_tracker).toBe('snowline-bridge-0.1.0');
    // dtm = receive time - 200 ms the frame waited on the device.
    expect(new Date(door[0]!.dvce_sent_tstamp as string).getTime() - new Date(door[0]!.dvce_created_tstamp as string).getTime()).toBe(200);
  }, 90_000);
});
