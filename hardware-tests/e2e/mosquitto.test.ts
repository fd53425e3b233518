import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type RunningMosquitto } from './mosquitto.ts';

describe('the Mosquitto broker the MQTT scenario starts', () => {
  let broker: RunningMosquitto;
  beforeAll(async () => {
    broker = await startMosquitto([
      { username: 'door-1', password: 'door-1-secret', acl: ['topic write snowline/door-1/events'] },
      { username: 'bridge', password: 'bridge-secret', acl: ['topic read snowline/+/events'] },
    ]);
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('delivers a device publish on its own topic to the bridge user, and nothing it sends on another device topic', async () => {
    const bridge = await mqtt.connectAsync(broker.url, { username: 'bridge', password: 'bridge-secret', clientId: 'bridge-test' });
    const received: string[] = [];
    bridge.on('message', (topic, payload) => received.push(`${topic} ${payload.toString()}`));
    await bridge.subscribeAsync('snowline/+/events', { qos: 1 });
    const device = await mqtt.connectAsync(broker.url, { username: 'door-1', password: 'door-1-secret', clientId: 'door-1' });
    await device.publishAsync('snowline/door-2/events', 'e=se&se_ca=spoofed&se_ac=x', { qos: 1 });
    await device.publishAsync('snowline/door-1/events', 'e=se&se_ca=door&se_ac=open', { qos: 1 });
    const deadline = Date.now() + 5000;
    while (received.length < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual(['snowline/door-1/events e=se&se_ca=door&se_ac=open']);
    await device.endAsync();
    await bridge.endAsync();
  });

  it('refuses a client with a wrong password and logs it', async () => {
    const attempt = mqtt.connectAsync(broker.url, { username: 'door-1', password: 'wrong', clientId: 'door-1-wrong', reconnectPeriod: 0 });
    await expect(attempt).rejects.toThrow(/Not authorized|Bad username or password/i);
    // Mosquitto 2.0 logs the refusal without the client id (it never accepted the client).
    const deadline = Date.now() + 2000;
    while (!/disconnected, not authori[sz]ed/.test(broker.log()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(broker.log()).toMatch(/disconnected, not authori[sz]ed/);
  });
});
