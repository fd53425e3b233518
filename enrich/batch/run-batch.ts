// `snowline enrich` batch mode: every raw file of an input (a file or a directory) into `<output>/good/*.tsv`
// and `<output>/bad/*.ndjson`, tracked in `<output>/manifest.ndjson` so an interrupted run resumes and a
// finished one is not redone. NDJSON raw files are enriched over worker threads; 2013 access logs and gzip files
// in the main thread (their lines depend on a header, or the stream must be unpacked in order).

import { open, mkdir, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { EnrichConfig } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { enrichRawFile, readInputHead, type InputFormat, type RawFileCounts } from '../output/enrich-raw-file.ts';
import { enrichFileParallel } from './enrich-file-parallel.ts';
import { appendManifest, readManifest } from './manifest.ts';
import { WorkerPool } from './worker-pool.ts';

export interface BatchProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly events: number;
  readonly elapsedMs: number;
}

export interface BatchOptions {
  readonly input: string;
  readonly output: string;
  readonly config: EnrichConfig;
  /** Worker threads; 1 enriches in the main thread. */
  readonly workers: number;
  readonly format?: InputFormat;
  readonly onProgress?: (progress: BatchProgress) => void;
  readonly log?: (message: string) => void;
  /**
   * Whether an input listed in the manifest is only skipped when its outputs are still on disk (default true).
   * False when the outputs were moved elsewhere after each file (S3 output staged through a local directory).
   */
  readonly requireOutputsOnDisk?: boolean;
}

export interface BatchSummary {
  readonly processed: string[];
  readonly skippedAsDone: string[];
  readonly totals: RawFileCounts;
  readonly elapsedMs: number;
  /** Part of elapsedMs spent starting worker threads (each builds its enricher; from source, also compiles). */
  readonly workerStartupMs: number;
}

async function listInputs(input: string): Promise<string[]> {
  const info = await stat(input);
  if (info.isFile()) return [input];
  const names = (await readdir(input, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.endsWith('.tmp'))
    .map((entry) => join(input, entry.name))
    .sort();
  return names;
}

/** Whether a file can go to the workers: the files enrichRawFile reads in chunks (readInputHead's plainNdjson). */
async function isPlainNdjson(path: string, format: InputFormat): Promise<boolean> {
  if (format !== 'auto' && format !== 'raw') return false;
  const handle = await open(path, 'r');
  try {
    return (await readInputHead(handle, format)).plainNdjson;
  } finally {
    await handle.close();
  }
}

export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  const goodDir = join(options.output, 'good');
  const badDir = join(options.output, 'bad');
  await mkdir(goodDir, { recursive: true });
  await mkdir(badDir, { recursive: true });
  const manifestPath = join(options.output, 'manifest.ndjson');
  const manifest = await readManifest(manifestPath);
  const inputs = await listInputs(options.input);
  const sizes = await Promise.all(inputs.map(async (path) => stat(path)));
  const bytesTotal = sizes.reduce((sum, info) => sum + info.size, 0);
  const totals: RawFileCounts = { records: 0, good: 0, bad: 0, dropped: 0, skipped: 0 };
  const processed: string[] = [];
  const skippedAsDone: string[] = [];
  let bytesDone = 0;
  let filesDone = 0;
  const format = options.format ?? 'auto';
  const report = (extraBytes: number, extraEvents: number) =>
    options.onProgress?.({
      filesDone,
      filesTotal: inputs.length,
      bytesDone: bytesDone + extraBytes,
      bytesTotal,
      events: totals.good + totals.bad + extraEvents,
      elapsedMs: performance.now() - started,
    });

  let enricher: Awaited<ReturnType<typeof createEnricher>> | null = null;
  let pool: WorkerPool | null = null;
  let workerStartupMs = 0;
  try {
    for (let index = 0; index < inputs.length; index++) {
      const inputPath = inputs[index]!;
      const info = sizes[index]!;
      const name = basename(inputPath);
      const goodPath = join(goodDir, `${name}.tsv`);
      const badPath = join(badDir, `${name}.ndjson`);
      const done = manifest.get(name);
      const outputsPresent = options.requireOutputsOnDisk === false || (existsSync(goodPath) && existsSync(badPath));
      if (done !== undefined && done.sizeBytes === info.size && done.modifiedMs === info.mtimeMs && outputsPresent) {
        skippedAsDone.push(inputPath);
        bytesDone += info.size;
        filesDone++;
        report(0, 0);
        continue;
      }
      const onFileProgress = (counts: RawFileCounts, bytesRead: number) => report(Math.min(bytesRead, info.size), counts.good + counts.bad);
      let counts: RawFileCounts;
      if (options.workers > 1 && (await isPlainNdjson(inputPath, format))) {
        if (pool === null) {
          const startingMs = performance.now();
          pool = await WorkerPool.start(options.config, options.workers);
          workerStartupMs = performance.now() - startingMs;
        }
        counts = await enrichFileParallel(inputPath, { goodPath, badPath }, pool, onFileProgress);
      } else {
        enricher ??= await createEnricher(options.config);
        counts = await enrichRawFile(inputPath, { goodPath, badPath }, enricher, { format, onProgress: onFileProgress });
      }
      await appendManifest(manifestPath, {
        input: name,
        sizeBytes: info.size,
        modifiedMs: info.mtimeMs,
        good: goodPath,
        bad: badPath,
        records: counts.records,
        goodEvents: counts.good,
        badRows: counts.bad,
        dropped: counts.dropped,
        skipped: counts.skipped,
        completedAt: new Date().toISOString(),
      });
      totals.records += counts.records;
      totals.good += counts.good;
      totals.bad += counts.bad;
      totals.dropped += counts.dropped;
      totals.skipped += counts.skipped;
      processed.push(inputPath);
      bytesDone += info.size;
      filesDone++;
      report(0, 0);
      options.log?.(`${name}: ${counts.records} records, ${counts.good} good, ${counts.bad} bad${counts.dropped ? `, ${counts.dropped} dropped` : ''}`);
    }
  } finally {
    await pool?.close();
  }
  return { processed, skippedAsDone, totals, elapsedMs: performance.now() - started, workerStartupMs };
}
