// `snowline start --mqtt <port>`: one command takes device events from MQTT straight into atomic.events.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { parseSerialOption } from '../commands/start.ts';

describe('device events in the all-in-one process', () => {
  let snowline: RunningSnowline;
  beforeAll(async () => {
    snowline = await startSnowline({ config: { bridge: { mqtt: { broker: { port: 0 } } } } });
  });
  afterAll(async () => {
    await snowline?.stop();
  });

  it('stores an MQTT event from a device with its device entity', async () => {
    const port = snowline.pipeline.bridge!.mqttPort!;
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'door-sensor-7' });
    try {
      await client.publishAsync('snowline/door-7/events', 'e=se&se_ca=door&se_ac=open&aid=hardware&tv=test-1', { qos: 1 });
    } finally {
      await client.endAsync();
    }
    const rows = await snowline.waitForRows<{ platform: string; se_category: string; se_action: string; contexts: { data: Array<{ schema: string; data: Record<string, unknown> }> } }>(
      "select platform, se_category, se_action, contexts from atomic.events where app_id = 'hardware'",
      1,
    );
    expect(rows[0]).toMatchObject({ platform: 'iot', se_category: 'door', se_action: 'open' });
    const device = rows[0]!.contexts.data.find((entity) => entity.schema === 'iglu:io.snowline/device/jsonschema/1-0-0');
    expect(device?.data).toMatchObject({ deviceId: 'door-7', transport: 'mqtt' });
  });

  it('reads --serial as a path with an optional baud rate', () => {
    expect(parseSerialOption('/dev/ttyACM0')).toEqual({ path: '/dev/ttyACM0' });
    expect(parseSerialOption('/dev/ttyACM0:9600')).toEqual({ path: '/dev/ttyACM0', baudRate: 9600 });
    expect(() => parseSerialOption(':9600')).toThrow('--serial takes <path>[:baud], got ":9600"');
  });
});
