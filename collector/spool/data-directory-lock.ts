import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface DataDirectoryLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One collector per data directory: a second one would take the first one's open spool file for a crashed run's
 * and seal it under its feet. The lock file holds the owner's pid; a lock left by a process that no longer exists
 * (killed) is taken over.
 */
export async function lockDataDirectory(dataDir: string): Promise<DataDirectoryLock> {
  const directory = path.join(dataDir, 'raw');
  await mkdir(directory, { recursive: true });
  const lockPath = path.join(directory, 'collector.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lockPath, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => rm(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new Error(`data directory ${dataDir} is in use by another collector (pid ${owner}, ${lockPath})`);
    }
    if (owner === process.pid) throw new Error(`data directory ${dataDir} is already used by a collector in this process`);
    await rm(lockPath, { force: true });
  }
  throw new Error(`could not lock data directory ${dataDir} (${lockPath})`);
}
