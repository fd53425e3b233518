// The part of the sink contract that is the same for every destination: a bounded buffer with back-pressure,
// flushes that run one at a time in write order, retry of transient failures with backoff, periodic flush, and a
// close that flushes. A destination only says how to check itself and how to store an ordered list of batches.
import { setTimeout as sleep } from 'node:timers/promises';
import { batchSizeBytes, SinkUnavailableError, SinkWriteError, type Sink, type SinkBatch, type SinkStats } from './sink.ts';

export interface SinkDestination {
  readonly name: string;
  /** Throws when the destination cannot be used; the message names the cause. */
  healthCheck(): Promise<void>;
  /** Creates what the destination needs (tables, directories) and recovers from an earlier crash. */
  prepare(): Promise<void>;
  /** Stores batches durably, in order; skips (and counts) batches it already holds. */
  store(batches: readonly SinkBatch[]): Promise<{ readonly alreadyStored: number }>;
  /** True for failures a later attempt may get past (connection refused or reset, timeouts, throttling). */
  isTransient(error: unknown): boolean;
  /** Called on every flush tick even with nothing to write (rotation by age). */
  tick?(): Promise<void>;
  release(): Promise<void>;
}

export interface RetryPolicy {
  /** Attempts per flush, the first included. */
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export interface BufferedSinkOptions {
  /** write() waits for a flush once this much is buffered. */
  readonly maxBufferedBytes: number;
  /** A background flush runs this often (0: only explicit flushes). */
  readonly flushIntervalMs: number;
  readonly retry: RetryPolicy;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, initialDelayMs: 200, maxDelayMs: 5_000 };

export function createBufferedSink(destination: SinkDestination, options: BufferedSinkOptions): Sink {
  let pending: SinkBatch[] = [];
  let pendingBytes = 0;
  let flushing: Promise<void> = Promise.resolve();
  let state: 'new' | 'open' | 'closing' | 'closed' = 'new';
  let timer: NodeJS.Timeout | undefined;
  // Batches a background flush could not store: the next explicit flush() reports them, so nobody acknowledges them.
  let unreportedFailure: SinkWriteError | undefined;
  const stats = { batchesStored: 0, batchesAlreadyStored: 0, goodLinesStored: 0, badLinesStored: 0, retries: 0 };

  async function storeWithRetry(batches: readonly SinkBatch[]) {
    let delayMs = options.retry.initialDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await destination.store(batches);
      } catch (error) {
        if (!destination.isTransient(error) || attempt >= options.retry.maxAttempts) {
          throw new SinkWriteError(destination.name, batches.map((batch) => batch.batchId), error);
        }
        stats.retries++;
        await sleep(delayMs);
        delayMs = Math.min(delayMs * 2, options.retry.maxDelayMs);
      }
    }
  }

  function flushPending(): Promise<void> {
    const run = async () => {
      if (pending.length === 0) {
        await destination.tick?.();
        return;
      }
      const batches = pending;
      pending = [];
      pendingBytes = 0;
      const { alreadyStored } = await storeWithRetry(batches);
      stats.batchesStored += batches.length - alreadyStored;
      stats.batchesAlreadyStored += alreadyStored;
      for (const batch of batches) {
        stats.goodLinesStored += batch.good.length;
        stats.badLinesStored += batch.bad.length;
      }
    };
    const next = flushing.then(run, run);
    flushing = next.catch(() => {});
    return next;
  }

  async function flush() {
    await flushPending();
    if (unreportedFailure) {
      const failure = unreportedFailure;
      unreportedFailure = undefined;
      throw failure;
    }
  }

  function assertWritable() {
    if (state !== 'open') throw new Error(`sink "${destination.name}" is ${state === 'new' ? 'not open yet' : 'closed'}`);
  }

  async function checkHealth() {
    try {
      await destination.healthCheck();
    } catch (error) {
      throw error instanceof SinkUnavailableError ? error : new SinkUnavailableError(destination.name, error);
    }
  }

  return {
    name: destination.name,
    async open() {
      await checkHealth();
      try {
        await destination.prepare();
      } catch (error) {
        throw new SinkUnavailableError(destination.name, error);
      }
      state = 'open';
      if (options.flushIntervalMs > 0) {
        timer = setInterval(() => {
          flushPending().catch((error: SinkWriteError) => (unreportedFailure ??= error));
        }, options.flushIntervalMs);
        timer.unref();
      }
    },
    healthCheck: checkHealth,
    async write(batch) {
      assertWritable();
      pending.push(batch);
      pendingBytes += batchSizeBytes(batch);
      if (pendingBytes >= options.maxBufferedBytes) await flushPending();
    },
    flush,
    async close() {
      if (state === 'closed' || state === 'new') {
        state = 'closed';
        return;
      }
      state = 'closing';
      clearInterval(timer);
      try {
        await flush();
      } finally {
        state = 'closed';
        await destination.release();
      }
    },
    stats: (): SinkStats => ({ ...stats }),
  };
}
