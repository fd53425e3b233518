// A fixed pool of enrich workers. Chunks go to the least busy worker; replies come back by id, so the caller
// can write results in input order whatever order workers finish in. Chunk bytes are transferred, not copied.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EnrichConfig } from '../config.ts';
import type { ChunkReply, ChunkRequest, WorkerMessage } from './worker-protocol.ts';

/** The worker entry: TypeScript next to this file when running from source, the bundle next to the CLI bundle. */
function workerScript(config: EnrichConfig): { file: URL; workerData: unknown } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { file: new URL('./worker-bootstrap.mjs', here), workerData: { config, entry: new URL('./enrich-worker.ts', here).href } };
  }
  const bundled = new URL('./enrich-worker.mjs', here);
  if (!existsSync(fileURLToPath(bundled))) throw new Error(`enrich worker bundle missing: ${fileURLToPath(bundled)} (run npm run build)`);
  return { file: bundled, workerData: { config } };
}

/**
 * V8 grows each thread's young generation up to about 48 MB under enrich's allocation rate; with two workers
 * and the main thread that alone would take half of the 200 MB budget. Enrich's per-event garbage dies young,
 * so a smaller nursery costs little CPU (docs/enrich.md, performance).
 */
const WORKER_YOUNG_GENERATION_MB = 16;

interface PoolWorker {
  readonly worker: Worker;
  inFlight: number;
}

export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly waiting = new Map<number, { resolve: (reply: ChunkReply) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  private constructor() {}

  static async start(config: EnrichConfig, size: number): Promise<WorkerPool> {
    const pool = new WorkerPool();
    const script = workerScript(config);
    await Promise.all(
      Array.from({ length: size }, () => {
        const worker = new Worker(script.file, { workerData: script.workerData, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
        const entry: PoolWorker = { worker, inFlight: 0 };
        pool.workers.push(entry);
        return new Promise<void>((resolve, reject) => {
          worker.on('message', (message: WorkerMessage) => {
            if (message.kind === 'ready') resolve();
            else if (message.kind === 'failed') {
              reject(new Error(`enrich worker failed: ${message.message}`));
              pool.failAll(new Error(`enrich worker failed: ${message.message}`));
            } else {
              entry.inFlight--;
              const waiter = pool.waiting.get(message.reply.id);
              pool.waiting.delete(message.reply.id);
              waiter?.resolve(message.reply);
            }
          });
          worker.on('error', (error) => {
            reject(error);
            pool.failAll(error);
          });
        });
      }),
    ).catch(async (error: unknown) => {
      await pool.close();
      throw error;
    });
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  /**
   * Sends a chunk of whole raw records to the least busy worker, with spare output buffers for it to reuse; the
   * bytes and the spares are transferred (unusable here afterwards).
   */
  enrich(bytes: Uint8Array, spares: ArrayBuffer[]): Promise<ChunkReply> {
    const target = this.workers.reduce((least, candidate) => (candidate.inFlight < least.inFlight ? candidate : least));
    const request: ChunkRequest = { id: this.nextId++, bytes, spares };
    target.inFlight++;
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      target.worker.postMessage(request, [bytes.buffer as ArrayBuffer, ...spares]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((entry) => entry.worker.terminate()));
  }
}
