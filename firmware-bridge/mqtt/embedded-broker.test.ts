import { createHash } from 'node:crypto';
import os from 'node:os';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceEventId } from '../frame/event-identity.ts';
import { encodeEventFrame } from '../frame/serial-frame.ts';
import { startBridgeFixture, type BridgeFixture } from '../testing/bridge-fixture.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** An address of this machine that is not loopback (the broker then sees a non-loopback peer). */
function externalAddress(): string {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  throw new Error('this test needs a network interface besides loopback (to connect from a non-loopback address)');
}

describe('embedded MQTT broker (aedes)', () => {
  let fixture: BridgeFixture;
  let url: string;

  beforeAll(async () => {
    fixture = await startBridgeFixture({
      mqtt: { broker: { host: '0.0.0.0', port: 0 }, devices: [{ deviceId: 'door-12', passwordSha256: sha256('s3cret') }] },
    });
    url = `mqtt://127.0.0.1:${fixture.bridge.mqttPort}`;
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('takes a device with its credentials: a frame, a querystring and a payload_data batch, each acknowledged once durable', async () => {
    const client = await mqtt.connectAsync(url, { username: 'door-12', password: 's3cret', clientId: 'door-12', reconnectPeriod: 0 });
    const frame = encodeEventFrame({ deviceId: 'door-12', bootId: 3, seq: 9, createdUptimeMs: 1000, sentUptimeMs: 1500, droppedTotal: 2, payload: 'e=se&se_ca=door&se_ac=open&aid=doors&fw=1.4.2' });
    await client.publishAsync('snowline/door-12/events', frame, { qos: 1 });
    await client.publishAsync('snowline/door-12/events', 'e=se&se_ca=door&se_ac=close&aid=doors', { qos: 1 });
    await client.publishAsync(
      'snowline/door-12/events',
      JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{ e: 'se', se_ca: 'battery', se_ac: 'low', eid: 'a6b5e5a2-4c1a-4f5e-9d7b-3f0c1b2a9e11' }, { e: 'se', se_ca: 'battery', se_ac: 'ok' }] }),
      { qos: 1 },
    );
    await client.endAsync();
    // The PUBACKs above came after the events were durable; forwarding follows.
    const events = await fixture.collector.waitForEvents(4);
    expect(events[0]).toMatchObject({ e: 'se', se_ac: 'open', eid: deviceEventId('door-12', 3, 9), dtm: String(Number(events[0]!.stm) - 500) });
    expect(JSON.parse(events[0]!.co!).data[0].data).toEqual({ deviceId: 'door-12', bootId: 3, sequence: 9, firmwareVersion: '1.4.2', uptimeMs: 1000, droppedTotal: 2, transport: 'mqtt' });
    expect(events[1]).toMatchObject({ se_ac: 'close', p: 'iot', aid: 'doors' });
    expect(events[2]).toMatchObject({ se_ac: 'low', eid: 'a6b5e5a2-4c1a-4f5e-9d7b-3f0c1b2a9e11' });
    expect(JSON.parse(events[3]!.co!).data[0]).toEqual({ schema: 'iglu:io.snowline/device/jsonschema/1-0-0', data: { deviceId: 'door-12', transport: 'mqtt' } });
    expect(fixture.bridge.counters.deviceDroppedEvents).toBe(2);
  });

  it('refuses a wrong password', async () => {
    await expect(mqtt.connectAsync(url, { username: 'door-12', password: 'guess', reconnectPeriod: 0 })).rejects.toThrow(/Bad username or password|Not authorized/i);
    await expect(mqtt.connectAsync(url, { username: 'nobody', password: 's3cret', reconnectPeriod: 0 })).rejects.toThrow(/Bad username or password|Not authorized/i);
  });

  it('takes anonymous clients over loopback only', async () => {
    const local = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    await local.publishAsync('snowline/bench-7/events', 'e=se&se_ca=anonymous&se_ac=loopback', { qos: 1 });
    await local.endAsync();
    const remoteUrl = `mqtt://${externalAddress()}:${fixture.bridge.mqttPort}`;
    await expect(mqtt.connectAsync(remoteUrl, { reconnectPeriod: 0 })).rejects.toThrow(/Not authorized/i);
    const remoteDevice = await mqtt.connectAsync(remoteUrl, { username: 'door-12', password: 's3cret', reconnectPeriod: 0 });
    await remoteDevice.endAsync();
    const deadline = Date.now() + 10_000;
    while (!fixture.collector.events().some((event) => event.se_ca === 'anonymous')) {
      if (Date.now() > deadline) throw new Error('the anonymous loopback event was not forwarded');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('does not let a device publish under another device id', async () => {
    const refusedBefore = fixture.bridge.counters.refusedUnauthorized;
    const client = await mqtt.connectAsync(url, { username: 'door-12', password: 's3cret', reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish('snowline/door-13/events', 'e=se&se_ca=spoof&se_ac=x', { qos: 1 });
    await closed;
    client.end(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fixture.collector.events().some((event) => event.se_ca === 'spoof')).toBe(false);
    expect(fixture.bridge.counters.refusedUnauthorized).toBe(refusedBefore + 1);
  });

  it('forwards a malformed message as a request that names the device, for enrich to make a bad row', async () => {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    await client.publishAsync('snowline/meter-3/events', '{"not": "payload_data"', { qos: 1 });
    await client.endAsync();
    const deadline = Date.now() + 10_000;
    while (!fixture.collector.requests.some((request) => request.headers['x-snowline-device'] === 'meter-3')) {
      if (Date.now() > deadline) throw new Error('the malformed message was not forwarded');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const request = fixture.collector.requests.find((candidate) => candidate.headers['x-snowline-device'] === 'meter-3')!;
    expect(request.body.toString()).toBe('{"not": "payload_data"');
    expect(request.headers['x-snowline-topic']).toBe('snowline/meter-3/events');
    expect(request.headers['x-snowline-reason']).toMatch(/not JSON/);
    expect(fixture.bridge.counters.malformedMessages).toBeGreaterThanOrEqual(1);
  });
});

describe('embedded MQTT broker over TLS', () => {
  it('speaks MQTT over TLS with the configured certificate and key', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'snowline-tls-'));
    const certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const fixture = await startBridgeFixture({ mqtt: { broker: { port: 0, tls: { certFile, keyFile } } } });
    try {
      const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${fixture.bridge.mqttPort}`, { ca: readFileSync(certFile), reconnectPeriod: 0 });
      await client.publishAsync('snowline/tls-1/events', 'e=se&se_ca=tls&se_ac=ok', { qos: 1 });
      await client.endAsync();
      const [event] = await fixture.collector.waitForEvents(1);
      expect(event).toMatchObject({ se_ca: 'tls', se_ac: 'ok' });
      // Plain MQTT gets no answer from a TLS listener (and must not keep the broker from closing).
      const plain = mqtt.connect(`mqtt://127.0.0.1:${fixture.bridge.mqttPort}`, { reconnectPeriod: 0, connectTimeout: 1000 });
      const outcome = await new Promise<string>((resolve) => {
        plain.once('connect', () => resolve('connected'));
        plain.once('close', () => resolve('closed'));
        plain.once('error', () => resolve('closed'));
      });
      plain.end(true);
      expect(outcome).toBe('closed');
    } finally {
      await fixture.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
