// The loop both batch paths run over a plain NDJSON file: read chunks of whole records, have each enriched (in
// this thread or by a worker), write the good and bad bytes in input order, hand the buffers back for reuse and
// report progress. Only who enriches a chunk and how many chunks may wait differ between the paths.

import type { FileHandle } from 'node:fs/promises';
import type { AtomicFileWriter } from '../output/atomic-file-writer.ts';
import type { RawFileCounts } from '../output/enrich-raw-file.ts';
import type { BufferPool } from './buffer-pool.ts';
import { readRecordChunks } from './record-chunks.ts';
import type { ChunkCounts, EnrichedChunk } from './worker-protocol.ts';

/** Adds what one enriched chunk produced to a file's counts. */
function addChunkCounts(counts: RawFileCounts, chunk: ChunkCounts): void {
  counts.records += chunk.records;
  counts.good += chunk.goodCount;
  counts.bad += chunk.badCount;
  counts.dropped += chunk.dropped;
}

/** Where chunk buffers are read into, and where the output buffers go back once written (may be one pool). */
export interface ChunkBuffers {
  readonly input: BufferPool;
  readonly output: BufferPool;
}

/**
 * Enriches every record of `handle` into `good` and `bad`, with at most `maxInFlight` chunks handed to
 * `enrichChunk` and not yet written; returns the counts. The writers are left open (the caller seals or abandons
 * them). On failure, waits for the chunks still in flight before rethrowing, so none writes into freed buffers.
 */
export async function enrichChunksInOrder(
  handle: FileHandle,
  good: AtomicFileWriter,
  bad: AtomicFileWriter,
  enrichChunk: (bytes: Uint8Array) => Promise<EnrichedChunk>,
  maxInFlight: number,
  buffers: ChunkBuffers,
  onProgress: ((counts: RawFileCounts, bytesRead: number) => void) | undefined,
): Promise<RawFileCounts> {
  const counts: RawFileCounts = { records: 0, good: 0, bad: 0, dropped: 0, skipped: 0 };
  const pending: { enriched: Promise<EnrichedChunk>; bytesRead: number }[] = [];

  async function writeOldest(): Promise<void> {
    const oldest = pending.shift()!;
    const chunk = await oldest.enriched;
    await good.writeBytes(chunk.good);
    await bad.writeBytes(chunk.bad);
    buffers.input.give(chunk.input);
    buffers.output.give(chunk.good.buffer as ArrayBuffer);
    buffers.output.give(chunk.bad.buffer as ArrayBuffer);
    addChunkCounts(counts, chunk);
    onProgress?.(counts, oldest.bytesRead);
  }

  try {
    for await (const chunk of readRecordChunks(handle, { buffers: buffers.input })) {
      pending.push({ enriched: enrichChunk(chunk.bytes), bytesRead: chunk.bytesRead });
      if (pending.length >= maxInFlight) await writeOldest();
    }
    while (pending.length > 0) await writeOldest();
  } catch (error) {
    await Promise.allSettled(pending.map((entry) => entry.enriched));
    throw error;
  }
  return counts;
}
