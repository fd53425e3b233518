// Messages between the batch-mode main thread and its enrich workers. Everything crossing threads is text:
// raw lines in, TSV and bad-row lines out, in the order of the input.

import type { EnrichConfig } from '../config.ts';

export interface WorkerInit {
  readonly config: EnrichConfig;
}

export interface BatchRequest {
  readonly id: number;
  readonly lines: readonly string[];
}

export interface BatchReply {
  readonly id: number;
  /** TSV lines, each ending in a newline. */
  readonly good: string;
  /** Bad-row NDJSON lines, each ending in a newline. */
  readonly bad: string;
  readonly records: number;
  readonly goodCount: number;
  readonly badCount: number;
  readonly dropped: number;
}

export type WorkerMessage = { kind: 'ready' } | { kind: 'reply'; reply: BatchReply } | { kind: 'failed'; message: string };
