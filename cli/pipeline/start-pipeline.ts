// `snowline start`: collector, enrich and storage in one process. The collector seals its spool into raw files;
// each sealed file is enriched and loaded into PostgreSQL (the embedded one unless a URL is configured).
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { createCollector, listSealedFiles, type Collector } from '../../collector/index.ts';
import { buildResolver, createEnricher } from '../../enrich/index.ts';
import { createBridge, type Bridge } from '../../firmware-bridge/index.ts';
import { MicroEventStore, ingestEnrichedFiles, mountInspector } from '../../micro/index.ts';
import { schemaLookup } from '../micro/start-micro.ts';
import { createPostgresLoader, openEmbeddedPostgres, type EmbeddedPostgres, type PostgresLoader } from '../../storage/index.ts';
import type { SnowlineConfig } from '../config/schema.ts';
import { SealedFileProcessor, dataLayout, type BatchOutcome } from './sealed-file-processor.ts';

export interface RunningPipeline {
  readonly collector: Collector;
  readonly collectorUrl: string;
  /** Where atomic.events lives (with credentials). */
  readonly postgresUrl: string;
  readonly embedded: boolean;
  readonly dataDir: string;
  /** Whether the live inspector is served at /ui (and the Micro API at /micro). */
  readonly inspector: boolean;
  /** The firmware bridge, when serial ports or MQTT are configured. */
  readonly bridge: Bridge | undefined;
  /** Resolves when every sealed file so far is enriched and loaded. */
  drain(): Promise<void>;
  /** Stops the collector (sealing its spool), finishes loading, stops the embedded database. */
  stop(): Promise<void>;
}

export interface StartPipelineOptions {
  readonly log?: (message: string) => void;
  readonly onBatch?: (outcome: BatchOutcome) => void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** The live view shows event data, so `auto` serves it only on a loopback collector. */
export function inspectorWanted(config: SnowlineConfig): boolean {
  if (config.inspector.enabled === 'auto') return LOOPBACK.has(config.collector.host) || config.collector.host.startsWith('127.');
  return config.inspector.enabled === 'on';
}

export async function startPipeline(config: SnowlineConfig, options: StartPipelineOptions = {}): Promise<RunningPipeline> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });

  let embedded: EmbeddedPostgres | undefined;
  let loader: PostgresLoader | undefined;
  let collector: Collector | undefined;
  let bridge: Bridge | undefined;
  try {
    let postgresUrl = config.storage.postgresUrl;
    if (postgresUrl === undefined) {
      embedded = await openEmbeddedPostgres({ dataDir, port: config.storage.embeddedPostgresPort, log });
      postgresUrl = embedded.url;
    }
    loader = await createPostgresLoader({ connectionString: postgresUrl });
    await loader.ensureSchema();
    const enricher = await createEnricher(config.enrich);
    const { goodDir, badDir } = dataLayout(dataDir);
    const inspectorStore = inspectorWanted(config) ? new MicroEventStore(config.inspector.maxEvents) : undefined;
    const onBatch = (outcome: BatchOutcome) => {
      options.onBatch?.(outcome);
      if (inspectorStore && !outcome.alreadyLoaded) {
        ingestEnrichedFiles(path.join(goodDir, `${outcome.batchId}.tsv`), path.join(badDir, `${outcome.batchId}.ndjson`), inspectorStore).catch((error: Error) =>
          log(`live view could not read batch ${outcome.batchId}: ${error.message}`),
        );
      }
    };
    const processor = new SealedFileProcessor({ dataDir, enricher, loader, log, onBatch });
    collector = await createCollector(config.collector, {
      dataDir,
      onSealedFile: (sealedPath) => processor.enqueue(sealedPath),
      onSealedBadFile: (sealedPath) => {
        // Collector bad rows (size violations, torn records) join enrich's bad rows.
        void mkdir(badDir, { recursive: true })
          .then(() => rename(sealedPath, path.join(badDir, `collector-${path.basename(sealedPath)}`)))
          .catch((error: Error) => log(`could not move collector bad rows ${sealedPath}: ${error.message}`));
      },
    });
    if (inspectorStore) {
      mountInspector(collector.app, { store: inspectorStore, lookupSchema: schemaLookup(buildResolver(config.enrich.iglu)), extraUiPaths: ['/ui'] });
    }
    for (const sealed of await listSealedFiles(dataDir)) processor.enqueue(sealed);
    const { url } = await collector.listen();
    const bridgeConfig = config.bridge;
    if (bridgeConfig && (bridgeConfig.serialPorts.length > 0 || bridgeConfig.mqtt)) {
      bridge = createBridge(bridgeConfig, { collectorUrl: bridgeConfig.collectorUrl ?? url, dataDir, log });
      await bridge.start();
    }
    const openBridge = bridge;
    const openCollector = collector;
    const openLoader = loader;
    const openEmbedded = embedded;
    return {
      collector: openCollector,
      collectorUrl: url,
      postgresUrl,
      embedded: openEmbedded !== undefined,
      dataDir,
      inspector: inspectorStore !== undefined,
      drain: () => processor.drain(),
      bridge: openBridge,
      async stop() {
        // Devices first: the bridge keeps what it has not forwarded in its durable queue.
        await openBridge?.close();
        await openCollector.close();
        await processor.drain();
        await processor.stop();
        await openLoader.close();
        await openEmbedded?.stop();
      },
    };
  } catch (error) {
    await bridge?.close().catch(() => undefined);
    await collector?.close().catch(() => undefined);
    await loader?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}
