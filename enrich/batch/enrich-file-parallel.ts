// Enriches one NDJSON raw file over a worker pool. The main thread does almost nothing per event: it reads large
// byte chunks cut at record boundaries, transfers them to the workers (which decode, enrich and encode), and
// writes the returned TSV and bad-row bytes in input order, so the output is the same as single-threaded. At
// most four chunks per worker are in flight and their buffers circulate (read into, enriched, written out, handed
// back), which bounds memory whatever the file size.

import { open } from 'node:fs/promises';
import { writeGoodAndBad } from '../output/atomic-file-writer.ts';
import type { RawFileCounts } from '../output/enrich-raw-file.ts';
import { BufferPool } from './buffer-pool.ts';
import { enrichChunksInOrder } from './enrich-chunks-in-order.ts';
import type { WorkerPool } from './worker-pool.ts';

export async function enrichFileParallel(
  inputPath: string,
  output: { goodPath: string; badPath: string },
  pool: WorkerPool,
  onProgress?: (counts: RawFileCounts, bytesRead: number) => void,
): Promise<RawFileCounts> {
  // Opened first so that a missing input fails before any output file exists.
  const input = await open(inputPath, 'r');
  // Four 256 KiB chunks per worker (about 1 MB of input in flight per worker): enough queued work that a worker
  // never waits while the main thread waits for a core on a busy machine, or for the oldest chunk to come back.
  const maxInFlight = pool.size * 4;
  const inputBuffers = new BufferPool(maxInFlight + 1);
  const outputBuffers = new BufferPool(2 * maxInFlight + 2);
  try {
    return await writeGoodAndBad(output, (good, bad) =>
      enrichChunksInOrder(
        input,
        good,
        bad,
        (bytes) => pool.enrich(bytes, outputBuffers.drain()),
        maxInFlight,
        { input: inputBuffers, output: outputBuffers },
        onProgress,
      ),
    );
  } finally {
    await input.close();
  }
}
