import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';

export interface DiskSyncCost {
  /** CPU µs of this process per append + fdatasync, both called directly on the main thread. */
  readonly directCpuMicros: number;
  /** The same through libuv's thread pool (FileHandle.write + datasync, as the collector's spool does). */
  readonly threadPoolCpuMicros: number;
  /** Wall-clock µs per append + fdatasync through the thread pool. */
  readonly threadPoolWallMicros: number;
}

const APPENDS = 500;
/** About one group-commit batch of pixel records. */
const APPEND_BYTES = 10_000;

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/**
 * What one durable append costs on this machine's disk, in `dir`: the price the collector pays per group-commit
 * batch, so the collector's ratio to a server that writes nothing can be read against the machine it ran on.
 */
export async function measureDiskSyncCost(dir: string): Promise<DiskSyncCost> {
  const data = Buffer.alloc(APPEND_BYTES, 'x');
  const file = path.join(dir, 'disk-sync-cost.bin');
  const fd = openSync(file, 'w');
  let cpu = process.cpuUsage();
  try {
    for (let index = 0; index < APPENDS; index++) {
      writeSync(fd, data, 0, data.length, index * data.length);
      fdatasyncSync(fd);
    }
  } finally {
    closeSync(fd);
  }
  const directCpuMicros = cpuMicros(cpu) / APPENDS;
  const handle = await open(file, 'w');
  cpu = process.cpuUsage();
  const started = performance.now();
  try {
    for (let index = 0; index < APPENDS; index++) {
      await handle.write(data, 0, data.length, index * data.length);
      await handle.datasync();
    }
  } finally {
    await handle.close();
  }
  const threadPoolWallMicros = ((performance.now() - started) * 1000) / APPENDS;
  const threadPoolCpuMicros = cpuMicros(cpu) / APPENDS;
  rmSync(file);
  return { directCpuMicros, threadPoolCpuMicros, threadPoolWallMicros };
}
