/** A destination for sealed raw files other than the local sealed directory (S3, stdout). */
export interface RawFileSink {
  /** Stable id, used to remember which files this sink already has (e.g. `s3-bucket-raw`). */
  readonly id: string;
  /** Resolves once the destination has confirmed the whole file; rejects to be retried. */
  ship(sealedPath: string): Promise<void>;
  close(): Promise<void>;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

/** Exponential backoff with full jitter, capped: attempt 1 waits up to initial, attempt 2 up to 2x, ... */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
