// Messages between the batch-mode main thread and its enrich workers. Everything crossing threads is bytes in
// transferred ArrayBuffers: a chunk of whole NDJSON raw records in, TSV and bad-row NDJSON lines out, in the
// order of the input. The main thread neither decodes nor encodes a record.

import type { EnrichConfig } from '../config.ts';

export interface WorkerInit {
  readonly config: EnrichConfig;
}

export interface ChunkRequest {
  readonly id: number;
  /** UTF-8 bytes of whole raw-record lines (transferred). */
  readonly bytes: Uint8Array;
  /** Output buffers the main thread has written out, handed back for reuse (transferred). */
  readonly spares: ArrayBuffer[];
}

export interface ChunkCounts {
  readonly records: number;
  readonly goodCount: number;
  readonly badCount: number;
  readonly dropped: number;
}

/** What enriching one chunk gives, in a worker or in the main thread. */
export interface EnrichedChunk extends ChunkCounts {
  /** TSV lines, each ending in a newline (transferred). */
  readonly good: Uint8Array;
  /** Bad-row NDJSON lines, each ending in a newline (transferred). */
  readonly bad: Uint8Array;
  /** The chunk's input buffer, handed back for the next read (transferred). */
  readonly input: ArrayBuffer;
}

export interface ChunkReply extends EnrichedChunk {
  readonly id: number;
}

export type WorkerMessage = { kind: 'ready' } | { kind: 'reply'; reply: ChunkReply } | { kind: 'failed'; message: string };
