// Wires the bridge: durable queue, deduplication state, ingestion, forwarder, serial links, MQTT broker and/or
// client, health endpoint. Config is validated before anything opens (STYLE.md: validate, build, run).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { bridgeConfigSchema, type BridgeConfig } from './config.ts';
import { Forwarder } from './forward/forwarder.ts';
import type { QueueRecord } from './ingest/device-events.ts';
import { Ingest } from './ingest/ingest.ts';
import { SeenEvents, type SeenEventsSnapshot } from './ingest/seen-events.ts';
import { startHealthServer, type HealthReport, type RunningHealthServer } from './health-server.ts';
import { startBrokerClient, type RunningBrokerClient } from './mqtt/broker-client.ts';
import { startEmbeddedBroker, type RunningBroker } from './mqtt/embedded-broker.ts';
import { DurableQueue, writeJsonAtomically } from './queue/durable-queue.ts';
import { SerialLink, type SerialLinkOptions } from './serial/serial-link.ts';
import { emptyCounters, type BridgeCounters } from './stats.ts';

export interface BridgeOptions {
  /** Where to forward events; overrides bridge.collectorUrl (the all-in-one process passes its own collector). */
  readonly collectorUrl?: string;
  /** The queue and deduplication state live in <dataDir>/bridge. */
  readonly dataDir: string;
  readonly log?: (message: string) => void;
  /** For tests: a serialport binding (SerialPortMock.binding). */
  readonly serialBinding?: SerialLinkOptions['binding'];
}

export interface Bridge {
  start(): Promise<void>;
  /** Stops taking input, finishes in-flight writes, keeps the queue on disk for the next start. */
  close(): Promise<void>;
  readonly counters: BridgeCounters;
  report(): HealthReport;
  /** After start(): the embedded broker's port (useful with port 0). */
  readonly mqttPort: number | undefined;
  readonly healthUrl: string | undefined;
  readonly collectorUrl: string;
}

export const DEFAULT_COLLECTOR_URL = 'http://127.0.0.1:8080';

export function createBridge(configInput: BridgeConfig | unknown, options: BridgeOptions): Bridge {
  const config = Object.freeze(bridgeConfigSchema.parse(configInput));
  const log = options.log ?? ((message: string) => process.stderr.write(`bridge: ${message}\n`));
  const collectorUrl = options.collectorUrl ?? config.collectorUrl ?? DEFAULT_COLLECTOR_URL;
  const dir = path.join(options.dataDir, 'bridge');
  const counters = emptyCounters();
  let queue: DurableQueue<QueueRecord> | undefined;
  let forwarder: Forwarder | undefined;
  let links: SerialLink[] = [];
  let broker: RunningBroker | undefined;
  let brokerClient: RunningBrokerClient | undefined;
  let health: RunningHealthServer | undefined;
  let started = false;

  const seenFile = path.join(dir, 'seen-events.json');
  let seen = new SeenEvents();

  const report = (): HealthReport => ({
    status: 'ok',
    counters: { ...counters },
    queue: { events: queue?.depth ?? 0, bytes: queue?.bytes ?? 0 },
    serialPorts: links.map((link) => ({ ...link.stats })),
    ...(config.mqtt ? { mqtt: { ...(broker ? { brokerPort: broker.port } : {}), ...(brokerClient ? { clientTopic: brokerClient.topicFilter } : {}) } } : {}),
  });

  const bridge: Bridge = {
    counters,
    report,
    collectorUrl,
    get mqttPort() {
      return broker?.port;
    },
    get healthUrl() {
      return health?.url;
    },
    async start() {
      if (started) throw new Error('bridge already started');
      started = true;
      let snapshot: SeenEventsSnapshot | undefined;
      try {
        snapshot = JSON.parse(readFileSync(seenFile, 'utf8')) as SeenEventsSnapshot;
      } catch {
        snapshot = undefined;
      }
      seen = SeenEvents.fromSnapshot(snapshot);
      queue = await DurableQueue.open<QueueRecord>(path.join(dir, 'queue'), {
        ...config.queue,
        // Deleted segments take their records with them: the events they held must stay known as seen.
        beforeDeleteSegments: () => writeJsonAtomically(seenFile, seen.snapshot()),
      });
      for (const record of queue.recoveredRecords) if (record.kind === 'event' && record.key) seen.add(record.key);
      if (queue.repairedBytes > 0) log(`queue: cut ${queue.repairedBytes} bytes of a torn write (never acknowledged)`);
      if (queue.depth > 0) log(`queue: ${queue.depth} events from before the restart are forwarded first`);
      const ingest = new Ingest(queue, seen, counters, log, config.mqtt?.maxMessageBytes);
      forwarder = new Forwarder(queue, collectorUrl, config.forward, counters, log);
      forwarder.start();
      try {
        if (config.mqtt?.broker) broker = await startEmbeddedBroker(config.mqtt, ingest, counters, log);
        if (config.mqtt?.client) brokerClient = await startBrokerClient(config.mqtt, ingest, log);
        links = config.serialPorts.map((port) => new SerialLink(port, ingest, counters, log, { binding: options.serialBinding }));
        for (const link of links) link.start();
        if (config.health) health = await startHealthServer(config.health.host, config.health.port, report);
      } catch (error) {
        await bridge.close();
        throw error;
      }
    },
    async close() {
      await Promise.all(links.map((link) => link.close()));
      await brokerClient?.close();
      await broker?.close();
      await health?.close();
      await forwarder?.stop();
      await queue?.close();
      if (queue) await writeJsonAtomically(seenFile, seen.snapshot());
      links = [];
      broker = undefined;
      brokerClient = undefined;
      health = undefined;
    },
  };
  return bridge;
}
