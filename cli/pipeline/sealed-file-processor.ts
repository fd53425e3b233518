// Takes each sealed raw file through enrich and into the store, one file at a time, in arrival order. Every step
// is idempotent, so a crash at any point is repaired by processing the same file again at the next start:
//   1. enrich: skipped when the good/bad outputs exist (they appear atomically, together);
//   2. load: the loader skips a batch whose id is in the manifest (written in the load's transaction);
//   3. archive: the raw file moves to raw/archive only after its batch is loaded.
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { enrichRawFile, type Enricher } from '../../enrich/index.ts';
import type { PostgresLoader } from '../../storage/index.ts';

export interface DataLayout {
  readonly goodDir: string;
  readonly badDir: string;
  readonly archiveDir: string;
}

export function dataLayout(dataDir: string): DataLayout {
  return {
    goodDir: path.join(dataDir, 'enriched', 'good'),
    badDir: path.join(dataDir, 'enriched', 'bad'),
    archiveDir: path.join(dataDir, 'raw', 'archive'),
  };
}

export interface BatchOutcome {
  readonly batchId: string;
  readonly good: number;
  readonly bad: number;
  readonly loadedRows: number;
  readonly alreadyLoaded: boolean;
}

export interface SealedFileProcessorOptions {
  readonly dataDir: string;
  readonly enricher: Enricher;
  readonly loader: PostgresLoader;
  readonly log: (message: string) => void;
  readonly onBatch?: (outcome: BatchOutcome) => void;
  /** First retry delay after a failed batch; doubles up to a minute. */
  readonly retryDelayMs?: number;
}

export class SealedFileProcessor {
  readonly #options: SealedFileProcessorOptions;
  readonly #layout: DataLayout;
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  #running: Promise<void> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryDelayMs: number;
  #stopped = false;

  constructor(options: SealedFileProcessorOptions) {
    this.#options = options;
    this.#layout = dataLayout(options.dataDir);
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
  }

  /** Queues a sealed raw file (a file already queued is not queued twice). */
  enqueue(sealedPath: string): void {
    if (this.#stopped || this.#queued.has(sealedPath)) return;
    this.#queued.add(sealedPath);
    this.#queue.push(sealedPath);
    this.#kick();
  }

  /** Resolves when every queued file has been processed, or a failure is waiting for its retry. */
  async drain(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Finishes the file in progress and stops; files still queued stay sealed on disk for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    await this.drain();
  }

  #kick(): void {
    if (this.#running || this.#retryTimer) return;
    this.#running = this.#runQueue().finally(() => {
      this.#running = undefined;
    });
  }

  async #runQueue(): Promise<void> {
    while (this.#queue.length > 0) {
      if (this.#stopped && this.#queue.length > 0) return;
      const sealedPath = this.#queue[0]!;
      try {
        const outcome = await this.#process(sealedPath);
        this.#queue.shift();
        this.#queued.delete(sealedPath);
        this.#retryDelayMs = this.#options.retryDelayMs ?? 1000;
        this.#options.onBatch?.(outcome);
      } catch (error) {
        this.#options.log(
          `batch ${path.basename(sealedPath)} failed, kept for retry in ${this.#retryDelayMs} ms: ${(error as Error).message}`,
        );
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          this.#kick();
        }, this.#retryDelayMs);
        this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, 60_000);
        return;
      }
    }
  }

  async #process(sealedPath: string): Promise<BatchOutcome> {
    const batchId = path.basename(sealedPath).replace(/\.ndjson$/, '');
    const goodPath = path.join(this.#layout.goodDir, `${batchId}.tsv`);
    const badPath = path.join(this.#layout.badDir, `${batchId}.ndjson`);
    let good = 0;
    let bad = 0;
    if (!existsSync(goodPath) || !existsSync(badPath)) {
      await mkdir(this.#layout.goodDir, { recursive: true });
      await mkdir(this.#layout.badDir, { recursive: true });
      const counts = await enrichRawFile(sealedPath, { goodPath, badPath }, this.#options.enricher);
      good = counts.good;
      bad = counts.bad;
    }
    const result = await this.#options.loader.loadEnrichedFile(goodPath, batchId);
    if (result.badRows.length > 0) {
      const loaderBadPath = path.join(this.#layout.badDir, `${batchId}.loader.ndjson`);
      await writeFile(loaderBadPath, result.badRows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      bad += result.badRows.length;
    }
    await mkdir(this.#layout.archiveDir, { recursive: true });
    if (existsSync(sealedPath)) await rename(sealedPath, path.join(this.#layout.archiveDir, path.basename(sealedPath)));
    return { batchId, good, bad, loadedRows: result.rows, alreadyLoaded: !result.loaded };
  }
}
