// `snowline micro`: the collector's routes and cookie behaviour, enrich in process, events in a bounded
// in-memory ring, the Micro API under /micro and the inspector at /micro/ui. Raw records still go through the
// collector's durable spool (in a temporary directory) so Micro behaves exactly as the collector does.
import { mkdtempSync, rmSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCollector, type Collector } from '../../collector/index.ts';
import { buildResolver, createEnricher, toTsv, type EnrichedEvent } from '../../enrich/index.ts';
import { MicroEventStore, eventToJson, ingestRawFile, mountInspector, type SchemaLookup } from '../../micro/index.ts';
import type { SnowlineConfig } from '../config/schema.ts';

export interface MicroOptions {
  readonly maxEvents: number;
  readonly outputTsv: boolean;
  readonly outputJson: boolean;
  readonly log: (message: string) => void;
  /** Where printed events go (stdout by default). */
  readonly write?: (text: string) => void;
}

export interface RunningMicro {
  readonly url: string;
  readonly store: MicroEventStore;
  readonly collector: Collector;
  stop(): Promise<void>;
}

/** Iglu lookups for /micro/iglu: embedded registries first, HTTP registries when configured. */
export function schemaLookup(resolver: ReturnType<typeof buildResolver>): SchemaLookup {
  return async (uri) => {
    let resolution = resolver.resolveSync(uri);
    if (resolution.kind === 'pending') {
      await resolver.fetchPending();
      resolution = resolver.resolveSync(uri);
    }
    return resolution.kind === 'found' ? resolution.schema : undefined;
  };
}

export async function startMicro(config: SnowlineConfig, options: MicroOptions): Promise<RunningMicro> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-micro-'));
  const store = new MicroEventStore(options.maxEvents);
  const enricher = await createEnricher(config.enrich);
  const resolver = buildResolver(config.enrich.iglu);
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const onGood = (event: EnrichedEvent) => {
    if (options.outputTsv) write(`${toTsv(event)}\n`);
    if (options.outputJson) write(`${JSON.stringify(eventToJson(event))}\n`);
  };
  // Sealed files are ingested one at a time, in order, then deleted: Micro keeps events in memory only.
  let ingesting: Promise<void> = Promise.resolve();
  const ingest = (sealedPath: string) => {
    ingesting = ingesting
      .then(() => ingestRawFile(sealedPath, enricher, store, { onGood }))
      .then(() => unlink(sealedPath))
      .catch((error: Error) => options.log(`could not ingest ${sealedPath}: ${error.message}`));
  };
  const collector = await createCollector({ ...config.collector, rotateAfterMs: Math.min(config.collector.rotateAfterMs, 100) }, {
    dataDir,
    onSealedFile: ingest,
    onSealedBadFile: ingest,
  });
  mountInspector(collector.app, { store, lookupSchema: schemaLookup(resolver) });
  const { url } = await collector.listen();
  return {
    url,
    store,
    collector,
    async stop() {
      await collector.close();
      await ingesting;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
