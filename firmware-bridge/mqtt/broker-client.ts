// The bridge as a client of an existing broker (Mosquitto, EMQX, HiveMQ…): a persistent session (fixed client id,
// clean: false) subscribed at QoS 1, and each message acknowledged to the broker only once it is durable, so the
// broker redelivers whatever the bridge had not secured when it stopped. With a shared group, several bridges
// split the fleet's messages between them.
import mqtt, { type MqttClient } from 'mqtt';
import type { MqttConfig } from '../config.ts';
import type { Ingest } from '../ingest/ingest.ts';
import { deviceIdOfTopic } from './topic.ts';

export interface RunningBrokerClient {
  readonly topicFilter: string;
  close(): Promise<void>;
}

const QUEUE_FULL_RETRY_MS = 500;

export async function startBrokerClient(config: MqttConfig, ingest: Ingest, log: (message: string) => void): Promise<RunningBrokerClient> {
  const settings = config.client!;
  const prefix = config.topicPrefix;
  let password: string | undefined;
  if (settings.passwordEnv !== undefined) {
    password = process.env[settings.passwordEnv];
    if (password === undefined) throw new Error(`bridge.mqtt.client.passwordEnv: environment variable ${settings.passwordEnv} is not set`);
  }
  let closing = false;
  const client: MqttClient = mqtt.connect(settings.url, {
    clientId: settings.clientId,
    clean: false,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    ...(settings.username !== undefined ? { username: settings.username } : {}),
    ...(password !== undefined ? { password } : {}),
  });
  // mqtt.js sends the PUBACK when this callback is called, and hands over messages one at a time.
  client.handleMessage = (packet, done) => {
    const topic = packet.topic;
    const deviceId = deviceIdOfTopic(prefix, topic);
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : Buffer.from(packet.payload);
    const attempt = (): void => {
      ingest
        .acceptMqttMessage(deviceId ?? 'unknown', topic, payload, Date.now(), deviceId === undefined ? `topic ${topic} is not <prefix>/<deviceId>/events` : undefined)
        .then(
          () => done(),
          (error: Error) => {
            // Queue full or disk error: hold this message (and with it the subscription) until it can be queued.
            if (closing) return;
            if (error.name !== 'QueueFullError') log(`mqtt client: could not queue a message from ${topic}: ${error.message}`);
            setTimeout(attempt, QUEUE_FULL_RETRY_MS);
          },
        );
    };
    attempt();
  };
  const topicFilter = settings.sharedGroup ? `$share/${settings.sharedGroup}/${prefix}/+/events` : `${prefix}/+/events`;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      client.end(true);
      reject(new Error(`mqtt client: cannot connect to ${settings.url}: ${error.message}`));
    };
    client.once('error', onError);
    client.once('connect', () => {
      client.off('error', onError);
      resolve();
    });
  });
  client.on('error', (error) => log(`mqtt client: ${error.message}`));
  client.on('connect', () => {
    // A persistent session keeps the subscription, but a broker that lost its state needs it again.
    client.subscribe(topicFilter, { qos: 1 }, (error) => error && log(`mqtt client: subscribe failed: ${error.message}`));
  });
  await client.subscribeAsync(topicFilter, { qos: 1 });
  log(`mqtt client of ${settings.url}, subscribed to ${topicFilter}`);
  return {
    topicFilter,
    async close() {
      closing = true;
      await client.endAsync();
    },
  };
}
