import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  readonly directory: string;
  unmount(): Promise<void>;
}

/**
 * A real, tiny filesystem (tmpfs of `sizeBytes`) so that "disk full" is produced for real, not mocked. Needs root
 * (or CAP_SYS_ADMIN); without it the test fails and says so.
 */
export async function mountSmallDisk(sizeBytes: number): Promise<SmallDisk> {
  const directory = await mkdtemp(path.join(tmpdir(), 'snowline-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', directory], { stdio: 'pipe' });
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw new Error(
      `the disk-full test mounts a ${sizeBytes}-byte tmpfs and needs root or CAP_SYS_ADMIN ` +
        `(mount failed: ${(error as Error).message.split('\n')[0]}); run the suite as root, or set SNOWLINE_SKIP_TOOLS=tmpfs`,
    );
  }
  return {
    directory,
    async unmount() {
      execFileSync('umount', ['-l', directory], { stdio: 'pipe' });
      await rm(directory, { recursive: true, force: true });
    },
  };
}
