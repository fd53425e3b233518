// Reads an NDJSON file as large byte chunks that end on a record boundary (a newline), each in its own
// ArrayBuffer so it can be transferred to a worker thread without a copy. The main thread never decodes a line:
// it only looks for the last newline of each chunk and carries the unfinished record over to the next one.

import type { FileHandle } from 'node:fs/promises';

/** About 500 raw records: large enough that per-chunk costs vanish, small enough to keep several in flight. */
export const CHUNK_BYTES = 1 << 20;

export interface RecordChunk {
  /** Whole records with their newlines (the last record of a file may lack its newline). */
  readonly bytes: Uint8Array;
  /** Bytes of the file read so far, for progress. */
  readonly bytesRead: number;
}

const NEWLINE = 0x0a;

/**
 * Yields the file's bytes as chunks of whole records. A record longer than the chunk size grows the buffer
 * until its newline is found (raw records are size-limited by the collector, so this stays bounded).
 */
export async function* readRecordChunks(handle: FileHandle, chunkBytes = CHUNK_BYTES): AsyncGenerator<RecordChunk> {
  let carried: Uint8Array = new Uint8Array(0);
  let bytesRead = 0;
  let capacity = chunkBytes;
  for (;;) {
    const buffer = new Uint8Array(new ArrayBuffer(Math.max(capacity, carried.length + chunkBytes)));
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
      carried = buffer.subarray(0, filled);
      capacity = buffer.length * 2;
      continue;
    }
    carried = buffer.slice(lastNewline + 1, filled);
    capacity = chunkBytes;
    yield { bytes: buffer.subarray(0, lastNewline + 1), bytesRead };
  }
}
