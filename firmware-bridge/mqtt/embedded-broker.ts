// The embedded MQTT broker (aedes): devices publish to <prefix>/<deviceId>/events at QoS 1, and the PUBACK goes
// out only after the event is durable, because aedes writes it after the publish authorisation, which is where
// the bridge queues the message. Anonymous clients only over loopback; elsewhere per-device credentials, and a
// device may publish only under its own id.
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { MqttConfig } from '../config.ts';
import type { Ingest } from '../ingest/ingest.ts';
import type { BridgeCounters } from '../stats.ts';
import { DeviceCredentials, isLoopbackAddress } from './credentials.ts';
import { deviceIdOfTopic } from './topic.ts';

export interface RunningBroker {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const authenticatedDevices = new WeakMap<Client, string>();

function refusal(message: string, returnCode: 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

export async function startEmbeddedBroker(mqtt: MqttConfig, ingest: Ingest, counters: BridgeCounters, log: (message: string) => void): Promise<RunningBroker> {
  const settings = mqtt.broker!;
  const credentials = new DeviceCredentials(mqtt.devices);
  const prefix = mqtt.topicPrefix;
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const remote = (client.conn as net.Socket).remoteAddress;
      if (username === undefined || username === '') {
        if (settings.allowAnonymousOnLoopback && isLoopbackAddress(remote)) return done(null, true);
        counters.refusedUnauthorized++;
        return done(refusal(`anonymous client from ${remote} refused`, 5), false);
      }
      if (!credentials.verify(username, password)) {
        counters.refusedUnauthorized++;
        log(`mqtt: refused ${username} from ${remote}: bad username or password`);
        return done(refusal('bad username or password', 4), false);
      }
      authenticatedDevices.set(client, username);
      return done(null, true);
    },
    authorizePublish(client, packet, callback) {
      const topic = packet.topic;
      if (!topic.startsWith(`${prefix}/`)) return callback(null);
      const deviceId = deviceIdOfTopic(prefix, topic);
      const device = client ? authenticatedDevices.get(client) : undefined;
      if (device !== undefined && device !== deviceId) {
        counters.refusedUnauthorized++;
        log(`mqtt: device ${device} may not publish to ${topic}`);
        return callback(new Error(`device ${device} may not publish to ${topic}`));
      }
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : Buffer.from(packet.payload);
      ingest
        .acceptMqttMessage(deviceId ?? device ?? 'unknown', topic, payload, Date.now(), deviceId === undefined ? `topic ${topic} is not <prefix>/<deviceId>/events` : undefined)
        .then(
          () => callback(null),
          (error: Error) => callback(error),
        );
    },
    authorizeSubscribe(client, subscription, callback) {
      // Devices with credentials publish; they do not read other devices' events.
      if (authenticatedDevices.has(client) && (subscription.topic.startsWith(prefix) || /^[#+]/.test(subscription.topic))) {
        return callback(null, null);
      }
      return callback(null, subscription);
    },
  });
  const server = settings.tls
    ? tls.createServer({ cert: readFileSync(settings.tls.certFile), key: readFileSync(settings.tls.keyFile) }, broker.handle as (socket: tls.TLSSocket) => void)
    : net.createServer(broker.handle as (socket: net.Socket) => void);
  // Closing must not wait for clients that never finish connecting (a half-open TLS handshake, an idle socket).
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  log(`mqtt broker on ${settings.tls ? 'mqtts' : 'mqtt'}://${settings.host}:${port} (topics ${prefix}/<deviceId>/events${settings.allowAnonymousOnLoopback ? ', anonymous on loopback' : ''})`);
  return {
    host: settings.host,
    port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
