// Enrich throughput on a generated corpus of 100,000 raw records (20 % POST batches of up to ten events, over a
// thousand user agents, entities on half the events, about 2 % bad): full enrichment against a floor that only
// decodes, validates and writes TSV, and batch mode over two worker threads against one thread. Peak RSS is
// sampled during the full run.

import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createEnricher, enrichConfigSchema, enrichRawFile, runBatch, type EnrichConfig } from '../../enrich/index.ts';
import { generateCorpus } from '../../enrich/testing/corpus.ts';
import type { BenchScenario } from '../scenario.ts';

const RECORDS = Number(process.env.SNOWLINE_BENCH_ENRICH_RECORDS ?? 100_000);
const FILES = 4;

async function writeCorpus(directory: string): Promise<{ events: number; files: string[] }> {
  await mkdir(directory, { recursive: true });
  const files: string[] = [];
  let events = 0;
  for (let file = 0; file < FILES; file++) {
    const path = join(directory, `raw-${file}.ndjson`);
    const stream = createWriteStream(path);
    const lines: string[] = [];
    const stats = generateCorpus(RECORDS / FILES, file + 1, (line) => lines.push(line));
    // Written in chunks with backpressure so the corpus does not sit in memory during the measurement.
    for (let start = 0; start < lines.length; start += 1000) {
      if (!stream.write(`${lines.slice(start, start + 1000).join('\n')}\n`)) await new Promise((resolve) => stream.once('drain', () => resolve(undefined)));
    }
    events += stats.events;
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    files.push(path);
  }
  return { events, files };
}

const FLOOR: EnrichConfig = enrichConfigSchema.parse({
  enrichments: { uaParser: { enabled: false }, refererParser: { enabled: false }, campaignAttribution: { enabled: false }, eventFingerprint: { enabled: false } },
});
const FULL: EnrichConfig = enrichConfigSchema.parse({
  enrichments: { botDetection: { enabled: true }, anonIp: { enabled: true }, cookieExtractor: { enabled: true }, crossNavigation: { enabled: true } },
});

/**
 * Events per second of CPU time (user + system) of this process, and of wall time: on a shared machine the CPU
 * figure is the one that says what one core does; the wall figure includes waiting for the CPU.
 */
async function singleThreadRate(
  config: EnrichConfig,
  files: readonly string[],
  outDir: string,
): Promise<{ eventsPerSecond: number; eventsPerWallSecond: number; peakRssBytes: number }> {
  const enricher = await createEnricher(config);
  await mkdir(outDir, { recursive: true });
  let peakRssBytes = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let events = 0;
  try {
    for (const [index, file] of files.entries()) {
      const counts = await enrichRawFile(file, { goodPath: join(outDir, `${index}.tsv`), badPath: join(outDir, `${index}.bad`) }, enricher);
      events += counts.good + counts.bad;
    }
  } finally {
    clearInterval(sampler);
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { eventsPerSecond: (events / cpuMs) * 1000, eventsPerWallSecond: (events / (performance.now() - started)) * 1000, peakRssBytes };
}

/** Events per wall second of a batch run, without the one-off start of the worker threads. */
async function batchRate(config: EnrichConfig, input: string, output: string, workers: number): Promise<number> {
  const summary = await runBatch({ input, output, config, workers });
  return ((summary.totals.good + summary.totals.bad) / (summary.elapsedMs - summary.workerStartupMs)) * 1000;
}

const scenario: BenchScenario = {
  name: 'enrich',
  summary: 'Enrich events/s: full enrichment against a decode-validate-write floor, and two worker threads against one.',
  async run({ tmpDir, log }) {
    const rawDir = join(tmpDir, 'raw');
    const corpus = await writeCorpus(rawDir);
    log(`corpus: ${RECORDS} records, ${corpus.events} events in ${FILES} files`);
    // A warm-up pass so that both measured runs see a JIT-compiled pipeline.
    await singleThreadRate(FULL, corpus.files.slice(0, 1), join(tmpDir, 'warm'));
    const floor = await singleThreadRate(FLOOR, corpus.files, join(tmpDir, 'floor'));
    log(`floor: ${floor.eventsPerSecond.toFixed(0)} events per CPU second`);
    const full = await singleThreadRate(FULL, corpus.files, join(tmpDir, 'full'));
    log(`full: ${full.eventsPerSecond.toFixed(0)} events per CPU second (${full.eventsPerWallSecond.toFixed(0)} per wall second), peak RSS ${(full.peakRssBytes / 2 ** 20).toFixed(0)} MB`);
    const oneWorker = await batchRate(FULL, rawDir, join(tmpDir, 'batch-1'), 1);
    const twoWorkers = await batchRate(FULL, rawDir, join(tmpDir, 'batch-2'), 2);
    log(`batch: 1 thread ${oneWorker.toFixed(0)} events/s, 2 workers ${twoWorkers.toFixed(0)} events/s`);
    return {
      comparisons: [
        {
          metric: `enrich ${RECORDS.toLocaleString('en')} raw records, one core (per CPU second)`,
          unit: 'events/s',
          baseline: { name: 'floor: decode, validate, write TSV', value: floor.eventsPerSecond },
          snowline: { name: 'full enrichment', value: full.eventsPerSecond },
          higherIsBetter: true,
          targetRatio: 0.5,
        },
        {
          metric: 'snowline enrich batch mode',
          unit: 'events/s',
          baseline: { name: 'main thread', value: oneWorker },
          snowline: { name: '2 worker threads', value: twoWorkers },
          higherIsBetter: true,
          targetRatio: 1.7,
        },
      ],
      figures: [
        { metric: 'full enrichment, one core (per CPU second)', unit: 'events/s', value: Math.round(full.eventsPerSecond), note: 'aim: at least 40,000' },
        { metric: 'full enrichment, one core (per wall second)', unit: 'events/s', value: Math.round(full.eventsPerWallSecond) },
        { metric: 'peak RSS during full enrichment', unit: 'MB', value: Math.round(full.peakRssBytes / 2 ** 20), note: 'aim: under 200 MB whatever the input size' },
      ],
      notes: ['The corpus is generated by enrich/testing/corpus.ts (seeded, so every run enriches the same records).'],
    };
  },
};

export default scenario;
