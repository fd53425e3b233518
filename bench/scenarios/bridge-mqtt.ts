// MQTT ingestion from 100 simulated devices at QoS 1 into the collector, through the bridge's embedded broker
// (PUBACK only once durable, then forwarded in POST batches), against raw publish throughput of a bare aedes
// broker measured in the same run with the same clients.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { startRecordingCollector } from '../../firmware-bridge/testing/recording-collector.ts';
import { freePort } from '../../test-support/ports.ts';
import { startChildServer } from '../lib/child-process.ts';
import type { BenchScenario } from '../scenario.ts';

const DEVICES = 100;
const IN_FLIGHT_PER_DEVICE = 10;

/** 100 clients publish at QoS 1 as fast as their PUBACKs allow for `durationMs`; returns the PUBACKs per second. */
async function publishFlat(port: number, durationMs: number, tag: string): Promise<{ acked: number; perSecond: number }> {
  const clients: MqttClient[] = await Promise.all(
    Array.from({ length: DEVICES }, (_, index) => mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: `${tag}-${index}`, reconnectPeriod: 0 })),
  );
  let acked = 0;
  const deadline = Date.now() + durationMs;
  const started = Date.now();
  await Promise.all(
    clients.map(async (client, index) => {
      const topic = `snowline/dev-${index}/events`;
      let seq = 0;
      const lane = async () => {
        while (Date.now() < deadline) {
          seq++;
          await client.publishAsync(topic, `e=se&se_ca=bench&se_ac=mqtt&se_va=${seq}&aid=bench-mqtt`, { qos: 1 });
          acked++;
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT_PER_DEVICE }, lane));
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await Promise.all(clients.map((client) => client.endAsync()));
  return { acked, perSecond: acked / seconds };
}

const scenario: BenchScenario = {
  name: 'bridge-mqtt',
  summary: 'MQTT from 100 devices at QoS 1: events/s into the collector through the bridge (durable before PUBACK) against PUBACKs/s of a bare aedes broker.',
  async run({ durationMs, tmpDir, log }) {
    const barePort = await freePort();
    const bare = await startChildServer('firmware-bridge/testing/bench-bare-aedes.ts', [String(barePort)]);
    let baseline: { acked: number; perSecond: number };
    try {
      log('bare aedes: warm-up');
      await publishFlat(barePort, 1000, 'warm');
      log(`bare aedes: ${durationMs / 1000} s, ${DEVICES} clients`);
      baseline = await publishFlat(barePort, durationMs, 'bare');
    } finally {
      await bare.stop();
    }
    const collector = await startRecordingCollector();
    const port = await freePort();
    const bridge = await startChildServer('firmware-bridge/testing/bridge-process.ts', [
      JSON.stringify({ mqtt: { broker: { host: '127.0.0.1', port } } }),
      collector.url,
      mkdtempSync(path.join(tmpDir, 'bridge-')),
    ]);
    let acknowledged: { acked: number; perSecond: number };
    let intoCollector: number;
    try {
      log('bridge: warm-up');
      await publishFlat(port, 1000, 'warm');
      await collector.waitForEvents(1);
      const before = collector.events().length;
      const started = Date.now();
      log(`bridge: ${durationMs / 1000} s, ${DEVICES} devices`);
      acknowledged = await publishFlat(port, durationMs, 'device');
      // Everything acknowledged is durable; count what reaches the collector, including the tail still in flight.
      const warmed = before;
      const target = warmed + acknowledged.acked;
      await collector.waitForEvents(target, 60_000);
      intoCollector = acknowledged.acked / ((Date.now() - started) / 1000);
    } finally {
      await bridge.stop();
      await collector.close();
    }
    return {
      comparisons: [
        {
          metric: `MQTT QoS 1, ${DEVICES} devices`,
          unit: 'events/s',
          baseline: { name: 'bare aedes, PUBACKs', value: baseline.perSecond },
          snowline: { name: 'bridge, events into the collector', value: intoCollector },
          higherIsBetter: true,
        },
      ],
      figures: [
        { metric: 'events/s into the collector through the bridge', unit: 'events/s', value: intoCollector, note: 'aim: at least 5,000' },
        { metric: 'PUBACKs/s from the bridge (durable)', unit: 'msg/s', value: acknowledged.perSecond },
      ],
    };
  },
};

export default scenario;
