// Enriches one NDJSON raw file over a worker pool: the main thread reads lines and cuts them into batches, the
// workers enrich, and results are written in input order (so the output is the same as single-threaded). At most
// two batches per worker are in flight, which bounds memory whatever the file size.

import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AtomicFileWriter } from '../output/atomic-file-writer.ts';
import type { RawFileCounts } from '../output/enrich-raw-file.ts';
import type { WorkerPool } from './worker-pool.ts';
import type { BatchReply } from './worker-protocol.ts';

export const LINES_PER_BATCH = 1000;

export async function enrichFileParallel(
  inputPath: string,
  output: { goodPath: string; badPath: string },
  pool: WorkerPool,
  onProgress?: (counts: RawFileCounts, bytesRead: number) => void,
): Promise<RawFileCounts> {
  await access(inputPath);
  const good = await AtomicFileWriter.create(output.goodPath);
  const bad = await AtomicFileWriter.create(output.badPath);
  const input = createReadStream(inputPath, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const counts: RawFileCounts = { records: 0, good: 0, bad: 0, dropped: 0, skipped: 0 };
  const pending: Promise<BatchReply>[] = [];
  const maxInFlight = pool.size * 2;

  async function writeOldest(): Promise<void> {
    const reply = await pending.shift()!;
    good.writeChunk(reply.good);
    bad.writeChunk(reply.bad);
    counts.records += reply.records;
    counts.good += reply.goodCount;
    counts.bad += reply.badCount;
    counts.dropped += reply.dropped;
    await good.flush();
    await bad.flush();
    onProgress?.(counts, input.bytesRead);
  }

  try {
    let batch: string[] = [];
    for await (const line of lines) {
      batch.push(line);
      if (batch.length < LINES_PER_BATCH) continue;
      pending.push(pool.enrich(batch));
      batch = [];
      if (pending.length >= maxInFlight) await writeOldest();
    }
    if (batch.length > 0) pending.push(pool.enrich(batch));
    while (pending.length > 0) await writeOldest();
    await good.seal();
    await bad.seal();
    await good.publish();
    await bad.publish();
  } catch (error) {
    await Promise.allSettled(pending);
    await good.abandon();
    await bad.abandon();
    throw error;
  } finally {
    input.destroy();
  }
  return counts;
}
