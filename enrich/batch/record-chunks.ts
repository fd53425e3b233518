// Reads an NDJSON file as large byte chunks that end on a record boundary (a newline), each in its own
// ArrayBuffer so it can be transferred to a worker thread without a copy. The main thread never decodes a line:
// it only looks for the last newline of each chunk and carries the unfinished record over to the next one.

import type { FileHandle } from 'node:fs/promises';
import { BufferPool } from './buffer-pool.ts';

/** About 500 raw records: large enough that per-chunk costs vanish, small enough to keep several in flight. */
export const CHUNK_BYTES = 1 << 18;

export interface RecordChunk {
  /** Whole records with their newlines (the last record of a file may lack its newline). */
  readonly bytes: Uint8Array;
  /** Bytes of the file read so far, for progress. */
  readonly bytesRead: number;
}

export interface ChunkReadOptions {
  readonly chunkBytes?: number;
  /** Where chunk buffers come from (those handed back after use are reused); by default each is new. */
  readonly buffers?: BufferPool;
}

const NEWLINE = 0x0a;

/**
 * Yields the file's bytes as chunks of whole records. A record longer than the chunk size grows the buffer
 * until its newline is found (raw records are size-limited by the collector, so this stays bounded).
 * Each yielded chunk's buffer belongs to the consumer (it may be transferred).
 */
export async function* readRecordChunks(handle: FileHandle, options: ChunkReadOptions = {}): AsyncGenerator<RecordChunk> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const buffers = options.buffers ?? new BufferPool(0);
  let carried: Uint8Array = new Uint8Array(0);
  let bytesRead = 0;
  let capacity = chunkBytes;
  for (;;) {
    const size = Math.max(capacity, carried.length + chunkBytes);
    const buffer = new Uint8Array(buffers.take(size), 0, size);
    buffer.set(carried, 0);
    let filled = carried.length;
    let ended = false;
    // Fill the whole buffer: short reads happen, and a half-empty chunk would double the messages per record.
    while (filled < buffer.length) {
      const { bytesRead: got } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (got === 0) {
        ended = true;
        break;
      }
      filled += got;
      bytesRead += got;
    }
    if (ended) {
      if (filled > 0) yield { bytes: buffer.subarray(0, filled), bytesRead };
      return;
    }
    const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
    if (lastNewline === -1) {
      // One record fills the whole buffer: keep all of it and read on into a larger one.
      carried = buffer.slice(0, filled);
      buffers.give(buffer.buffer as ArrayBuffer);
      capacity = buffer.length * 2;
      continue;
    }
    carried = buffer.slice(lastNewline + 1, filled);
    capacity = chunkBytes;
    yield { bytes: buffer.subarray(0, lastNewline + 1), bytesRead };
  }
}
