import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommitSpool, type GroupCommitSpoolOptions } from './group-commit-spool.ts';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'snowline-spool-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function openSpool(overrides: Partial<GroupCommitSpoolOptions> = {}) {
  const sealed: string[] = [];
  const spool = GroupCommitSpool.open({
    spoolDir: path.join(directory, 'spool'),
    sealedDir: path.join(directory, 'sealed'),
    hostId: 'testhost',
    rotateAfterMs: 60_000,
    rotateAfterBytes: 1024 * 1024,
    onSealed: (sealedPath) => sealed.push(sealedPath),
    ...overrides,
  });
  return { spool, sealed };
}

async function fileContents(subdirectory: string): Promise<string[]> {
  const names = (await readdir(path.join(directory, subdirectory))).sort();
  return Promise.all(names.map((name) => readFile(path.join(directory, subdirectory, name), 'utf8')));
}

/** A disk whose fsync waits until the test releases it, and that records how many bytes each fsync covered. */
function heldDisk() {
  const syncs: { bytes: number; release: () => void }[] = [];
  let notify: (() => void) | null = null;
  return {
    syncs,
    syncFile: async (handle: FileHandle) => {
      const { size } = await handle.stat();
      await new Promise<void>((release) => {
        syncs.push({ bytes: size, release });
        notify?.();
      });
      await handle.datasync();
    },
    async nextSync() {
      const count = syncs.length;
      while (syncs.length === count) await new Promise<void>((resolve) => (notify = resolve));
      return syncs[syncs.length - 1]!;
    },
  };
}

describe('GroupCommitSpool', () => {
  it('resolves an append only after the fsync that covers its line has finished', async () => {
    const disk = heldDisk();
    const { spool } = openSpool({ syncFile: disk.syncFile });
    const opened = await spool;
    let acknowledged = false;
    const append = opened.append('{"n":1}').then(() => (acknowledged = true));
    const sync = await disk.nextSync();
    expect(sync.bytes).toBe('{"n":1}\n'.length);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acknowledged).toBe(false);
    sync.release();
    await append;
    expect(acknowledged).toBe(true);
    await opened.close();
  });

  it('covers every line appended during one fsync with the next single fsync (group commit)', async () => {
    const disk = heldDisk();
    const spool = await openSpool({ syncFile: disk.syncFile, maxConcurrentSyncs: 1 }).spool;
    const first = spool.append('first');
    const firstSync = await disk.nextSync();
    const waiting = Array.from({ length: 100 }, (_, index) => spool.append(`line ${index}`));
    firstSync.release();
    await first;
    const secondSync = await disk.nextSync();
    expect(secondSync.bytes).toBe((await fileContents('spool'))[0]!.length);
    secondSync.release();
    await Promise.all(waiting);
    expect(disk.syncs).toHaveLength(2);
    const closing = spool.close();
    await closing;
    const [content] = await fileContents('sealed');
    expect(content!.split('\n')).toHaveLength(102);
  });

  it('overlaps fsyncs of later batches but acknowledges every batch only after all earlier ones', async () => {
    const disk = heldDisk();
    const spool = await openSpool({ syncFile: disk.syncFile, maxConcurrentSyncs: 2 }).spool;
    const acknowledged: string[] = [];
    const first = spool.append('first').then(() => acknowledged.push('first'));
    const firstSync = await disk.nextSync();
    const second = spool.append('second').then(() => acknowledged.push('second'));
    const secondSync = await disk.nextSync();
    expect(secondSync.bytes).toBe('first\nsecond\n'.length);
    // A third batch waits: two fsyncs are already running.
    const third = spool.append('third').then(() => acknowledged.push('third'));
    secondSync.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acknowledged).toEqual([]);
    firstSync.release();
    await Promise.all([first, second]);
    expect(acknowledged).toEqual(['first', 'second']);
    (await disk.nextSync()).release();
    await third;
    await spool.close();
    expect(await fileContents('sealed')).toEqual(['first\nsecond\nthird\n']);
  });

  it('fails a batch whose fsync failed and every batch written after it, keeping only acknowledged bytes', async () => {
    const disk = heldDisk();
    let failFirst = true;
    const spool = await openSpool({
      maxConcurrentSyncs: 3,
      syncFile: async (handle) => {
        if (failFirst) {
          failFirst = false;
          await disk.syncFile(handle);
          throw new Error('EIO: simulated disk failure');
        }
        await disk.syncFile(handle);
      },
    }).spool;
    const doomed = spool.append('doomed');
    const failing = await disk.nextSync();
    const alsoDoomed = spool.append('written after the failing batch');
    const laterSync = await disk.nextSync();
    laterSync.release();
    failing.release();
    await expect(doomed).rejects.toThrow('EIO');
    await expect(alsoDoomed).rejects.toThrow('EIO');
    const kept = spool.append('kept');
    (await disk.nextSync()).release();
    await kept;
    await spool.close();
    expect((await fileContents('sealed')).join('')).toBe('kept\n');
  });

  it('seals the open file after rotateAfterMs into a sortable name carrying the host id', async () => {
    const { spool: opening, sealed } = openSpool({ rotateAfterMs: 100 });
    const spool = await opening;
    await spool.append('a');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await spool.append('b');
    await spool.close();
    expect(sealed).toHaveLength(2);
    expect(path.basename(sealed[0]!)).toMatch(/^\d{8}T\d{9}Z-testhost-000000\.ndjson$/);
    expect([...sealed].sort()).toEqual(sealed);
    expect(await fileContents('sealed')).toEqual(['a\n', 'b\n']);
    expect(await readdir(path.join(directory, 'spool'))).toEqual([]);
  });

  it('seals once a file reaches rotateAfterBytes and never seals an empty file', async () => {
    const { spool: opening, sealed } = openSpool({ rotateAfterBytes: 10, rotateAfterMs: 50 });
    const spool = await opening;
    for (let index = 0; index < 5; index++) await spool.append(`line-${index}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await spool.close();
    // 7-byte lines, one fsync each: a file is sealed at its second line (14 bytes); the last by age.
    expect(await fileContents('sealed')).toEqual(['line-0\nline-1\n', 'line-2\nline-3\n', 'line-4\n']);
    expect(sealed).toHaveLength(3);
  });

  it('rejects the appends of a batch whose fsync failed and keeps none of its bytes', async () => {
    let failNext = false;
    const spool = await openSpool({
      syncFile: async (handle) => {
        if (failNext) {
          failNext = false;
          throw new Error('EIO: simulated disk failure');
        }
        await handle.datasync();
      },
    }).spool;
    await spool.append('kept');
    failNext = true;
    await expect(spool.append('lost')).rejects.toThrow('EIO');
    await spool.append('after');
    await spool.close();
    expect((await fileContents('sealed')).join('')).toBe('kept\nafter\n');
  });
});
