// A linked pair of pseudo-terminals made by socat: what is written to one end is read from the other, as over a
// null-modem cable. The emulated board opens `devicePath`, the bridge opens `hostPath` like any /dev/ttyUSB0.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireTool } from '../../test-support/require-tool.ts';

export interface PtyPair {
  /** Stable symlink to the device end (points at /dev/pts/N). */
  readonly devicePath: string;
  /** Stable symlink to the host end, the path to configure in the bridge. */
  readonly hostPath: string;
  close(): Promise<void>;
}

export async function openPtyPair(name = 'board', timeoutMs = 5000): Promise<PtyPair> {
  const socat = requireTool('socat', 'socat');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-pty-'));
  const devicePath = path.join(dir, `${name}-device`);
  const hostPath = path.join(dir, `${name}-host`);
  const child: ChildProcess = spawn(socat, ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const startedAt = Date.now();
  // socat logs "starting data transfer loop" once both ends exist.
  while (!(log.includes('starting data transfer loop') && existsSync(devicePath) && existsSync(hostPath))) {
    if (child.exitCode !== null || Date.now() - startedAt > timeoutMs) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`socat did not create a pty pair within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  let closed = false;
  return {
    devicePath,
    hostPath,
    async close() {
      if (closed) return;
      closed = true;
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The /dev/pts/N a pty symlink points at (for messages and for tools that do not follow links). */
export function ptyDevice(linkPath: string): string {
  return realpathSync(linkPath);
}
