// The one contract every storage destination implements (DESIGN.md 3.5): open with a health check, write batches
// with back-pressure, flush, close that flushes. Idempotence is part of the contract: a batch carries a stable id,
// and a batch that was already stored (the process died between writing it and acknowledging it upstream, and
// upstream delivered it again) is stored once.

/** A batch of enrich output: the unit of idempotence. */
export interface SinkBatch {
  /** Stable across re-deliveries: derived from the sealed input the batch came from, never from the clock. */
  readonly batchId: string;
  /** When the batch's input was sealed, in ms since the epoch; used for date partitions, so also stable. */
  readonly createdAtMs: number;
  /** Enriched TSV lines (131 fields, no newline). */
  readonly good: readonly string[];
  /** Bad rows as JSON text (one per element, no newline). */
  readonly bad: readonly string[];
}

export interface Sink {
  /** The target's name as configured, used in every message about it. */
  readonly name: string;
  /** Checks the destination (reachable, credentials accepted, writable) and prepares it; throws SinkUnavailableError. */
  open(): Promise<void>;
  /** The same check as open, without preparing anything (`snowline targets check`). */
  healthCheck(): Promise<void>;
  /**
   * Accepts a batch. Resolves once the batch is buffered; while the buffer is full it first waits for a flush
   * (back-pressure), so a fast producer is slowed to the destination's pace instead of growing memory.
   */
  write(batch: SinkBatch): Promise<void>;
  /** Resolves when every batch written so far is durable at the destination (the moment to acknowledge upstream). */
  flush(): Promise<void>;
  /** Flushes, then releases connections and files. Writing after close is an error. */
  close(): Promise<void>;
  /** Counters since open. */
  stats(): SinkStats;
}

export interface SinkStats {
  readonly batchesStored: number;
  /** Batches skipped because the destination already held them (re-deliveries). */
  readonly batchesAlreadyStored: number;
  readonly goodLinesStored: number;
  readonly badLinesStored: number;
  /** Transient failures that a retry got past. */
  readonly retries: number;
}

/** The destination cannot be used: unreachable, credentials refused, missing bucket or directory. */
export class SinkUnavailableError extends Error {
  override readonly name = 'SinkUnavailableError';
  constructor(readonly target: string, cause: unknown) {
    super(`target "${target}" is not usable: ${describeCause(cause)}`, { cause });
  }
}

/** A write the destination refused for good (retrying will not help); the batch stays upstream for a later retry. */
export class SinkWriteError extends Error {
  override readonly name = 'SinkWriteError';
  constructor(readonly target: string, readonly batchIds: readonly string[], cause: unknown) {
    super(`target "${target}" refused batch ${batchIds.join(', ')}: ${describeCause(cause)}`, { cause });
  }
}

export function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return cause.errors.map(describeCause).join('; ');
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const message = cause.message || cause.name;
    return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(cause);
}

/** Size of a batch in bytes as buffered (UTF-16 length is close enough for a memory bound). */
export function batchSizeBytes(batch: SinkBatch): number {
  let size = 0;
  for (const line of batch.good) size += line.length + 1;
  for (const line of batch.bad) size += line.length + 1;
  return size;
}
