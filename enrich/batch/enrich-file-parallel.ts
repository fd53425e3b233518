// Enriches one NDJSON raw file over a worker pool. The main thread does almost nothing per event: it reads large
// byte chunks cut at record boundaries, transfers them to the workers (which decode, enrich and encode), and
// writes the returned TSV and bad-row bytes in input order, so the output is the same as single-threaded. At
// most four chunks per worker are in flight and their buffers circulate (read into, enriched, written out, handed
// back), which bounds memory whatever the file size.

import { open } from 'node:fs/promises';
import { AtomicFileWriter } from '../output/atomic-file-writer.ts';
import { addChunkCounts, type RawFileCounts } from '../output/enrich-raw-file.ts';
import { BufferPool } from './buffer-pool.ts';
import { readRecordChunks } from './record-chunks.ts';
import type { WorkerPool } from './worker-pool.ts';
import type { ChunkReply } from './worker-protocol.ts';

export async function enrichFileParallel(
  inputPath: string,
  output: { goodPath: string; badPath: string },
  pool: WorkerPool,
  onProgress?: (counts: RawFileCounts, bytesRead: number) => void,
): Promise<RawFileCounts> {
  // Opened first so that a missing input fails before any output file exists.
  const input = await open(inputPath, 'r');
  const good = await AtomicFileWriter.create(output.goodPath);
  const bad = await AtomicFileWriter.create(output.badPath);
  const counts: RawFileCounts = { records: 0, good: 0, bad: 0, dropped: 0, skipped: 0 };
  const pending: { reply: Promise<ChunkReply>; bytesRead: number }[] = [];
  // Four chunks per worker (about 1 MB of input each): enough queued work that a worker never waits while the
  // main thread waits for a core on a busy machine, or for the oldest chunk to come back.
  const maxInFlight = pool.size * 4;
  const inputBuffers = new BufferPool(maxInFlight + 1);
  const outputBuffers = new BufferPool(2 * maxInFlight + 2);

  async function writeOldest(): Promise<void> {
    const oldest = pending.shift()!;
    const reply = await oldest.reply;
    await good.writeBytes(reply.good);
    await bad.writeBytes(reply.bad);
    inputBuffers.give(reply.input);
    outputBuffers.give(reply.good.buffer as ArrayBuffer);
    outputBuffers.give(reply.bad.buffer as ArrayBuffer);
    addChunkCounts(counts, reply);
    onProgress?.(counts, oldest.bytesRead);
  }

  try {
    for await (const chunk of readRecordChunks(input, { buffers: inputBuffers })) {
      pending.push({ reply: pool.enrich(chunk.bytes, outputBuffers.drain()), bytesRead: chunk.bytesRead });
      if (pending.length >= maxInFlight) await writeOldest();
    }
    while (pending.length > 0) await writeOldest();
    await good.seal();
    await bad.seal();
    await good.publish();
    await bad.publish();
  } catch (error) {
    await Promise.allSettled(pending.map((entry) => entry.reply));
    await good.abandon();
    await bad.abandon();
    throw error;
  } finally {
    await input.close();
  }
  return counts;
}
