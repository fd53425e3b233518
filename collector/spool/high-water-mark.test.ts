import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toolSkipped } from '../../test-support/require-tool.ts';
import { mountSmallDisk, type SmallDisk } from '../testing/small-disk.ts';
import { startTemporaryCollector, type TemporaryCollector } from '../testing/temporary-collector.ts';

let collector: TemporaryCollector | null = null;
let disk: SmallDisk | null = null;
afterEach(async () => {
  await collector?.stop();
  collector = null;
  await disk?.unmount();
  disk = null;
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('high-water mark', () => {
  it('answers 503 with Retry-After and fails /sink-health above the unshipped-bytes mark, and resumes by itself', async () => {
    collector = await startTemporaryCollector({ rotateAfterMs: 1500, backpressure: { maxUnshippedBytes: 3000, retryAfterSeconds: 7 } });
    const statuses: number[] = [];
    let refused: Response | null = null;
    for (let index = 0; index < 20; index++) {
      const response = await fetch(`${collector.url}/i?aid=hwm&n=${index}&pad=${'p'.repeat(300)}`, { headers: { Origin: 'https://site.example' } });
      statuses.push(response.status);
      if (response.status === 503) refused ??= response;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(refused).not.toBeNull();
    expect(refused!.headers.get('retry-after')).toBe('7');
    expect(refused!.headers.get('access-control-allow-origin')).toBe('https://site.example');
    const health = await fetch(`${collector.url}/sink-health`);
    expect(health.status).toBe(503);
    expect((await fetch(`${collector.url}/health`)).status).toBe(200);
    // The records of every 200 are kept; none of the 503s were recorded.
    expect(await collector.records()).toHaveLength(statuses.filter((status) => status === 200).length);
    // Sealing ships the spool to the local sink: the mark is cleared without anyone intervening.
    await waitFor(async () => (await fetch(`${collector!.url}/sink-health`)).status === 200, 5000);
    expect((await fetch(`${collector.url}/i?aid=hwm-after`)).status).toBe(200);
  });

  it.skipIf(toolSkipped('tmpfs'))('answers 503 when the disk fills up, never crashes, and resumes when space returns', async () => {
    disk = await mountSmallDisk(2 * 1024 * 1024);
    const dataDir = path.join(disk.directory, 'data');
    collector = await startTemporaryCollector(
      { rotateAfterMs: 200, backpressure: { minFreeDiskBytes: 256 * 1024, checkIntervalMs: 100, retryAfterSeconds: 3 } },
      dataDir,
    );
    expect((await fetch(`${collector.url}/i?aid=disk-before`)).status).toBe(200);
    // Fill the disk past the free-space mark: the collector refuses before a write could fail.
    const filler = path.join(disk.directory, 'filler');
    await writeFile(filler, randomBytes(1900 * 1024));
    await waitFor(async () => (await fetch(`${collector!.url}/sink-health`)).status === 503, 3000);
    const refused = await fetch(`${collector.url}/i?aid=disk-full`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('3');
    // Space returns: service resumes by itself.
    await rm(filler);
    await waitFor(async () => (await fetch(`${collector!.url}/sink-health`)).status === 200, 3000);
    expect((await fetch(`${collector.url}/i?aid=disk-after`)).status).toBe(200);
    const markers = (await collector.records()).map((record) => String(record.querystring));
    expect(markers).toEqual(['aid=disk-before', 'aid=disk-after']);
  });

  it.skipIf(toolSkipped('tmpfs'))('answers 503 instead of crashing when a write fails with ENOSPC below the free-space check', async () => {
    disk = await mountSmallDisk(1024 * 1024);
    const dataDir = path.join(disk.directory, 'data');
    collector = await startTemporaryCollector({ rotateAfterMs: 60_000, backpressure: { minFreeDiskBytes: 0, checkIntervalMs: 60_000 } }, dataDir);
    const filler = path.join(disk.directory, 'filler');
    await writeFile(filler, randomBytes(1000 * 1024)).catch(() => undefined);
    const statuses: number[] = [];
    for (let index = 0; index < 30; index++) {
      statuses.push((await fetch(`${collector.url}/com.snowplowanalytics.snowplow/tp2?n=${index}`, { method: 'POST', body: 'x'.repeat(8000) })).status);
    }
    expect(statuses).toContain(503);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    expect((await fetch(`${collector.url}/health`)).status).toBe(200);
    await rm(filler);
    await collector.collector.close();
    const kept = await collector.records();
    expect(kept).toHaveLength(statuses.filter((status) => status === 200).length);
  });
});
