// A linked pair of pseudo-terminals made by socat (TOOLCHAIN.md): what is written to one end is read from the
// other, like the two ends of a USB-serial cable. The device (simulated or emulated) opens `devicePath`; the bridge
// opens `hostPath` like any /dev/ttyACM0. `unplug()` ends socat (both ends vanish, as when a board is unplugged)
// and `replug()` starts it again with the same link names.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireTool } from './require-tool.ts';

export interface PtyPair {
  /** Stable symlink to the device end (points at /dev/pts/N). */
  readonly devicePath: string;
  /** Stable symlink to the host end: the path to configure in the bridge. */
  readonly hostPath: string;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function openPtyPair(name = 'board', timeoutMs = 5000): Promise<PtyPair> {
  const socat = requireTool('socat', 'socat', ['/usr/bin/socat']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-pty-'));
  const devicePath = path.join(dir, `${name}-device`);
  const hostPath = path.join(dir, `${name}-host`);
  let child: ChildProcess | undefined;

  const start = async () => {
    const running = spawn(socat, ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = running;
    let log = '';
    running.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    const startedAt = Date.now();
    // socat logs "starting data transfer loop" once both ends exist.
    while (!(log.includes('starting data transfer loop') && existsSync(devicePath) && existsSync(hostPath))) {
      if (running.exitCode !== null || Date.now() - startedAt > timeoutMs) {
        running.kill('SIGKILL');
        throw new Error(`socat did not create a pty pair within ${timeoutMs} ms:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let closed = false;
  return {
    devicePath,
    hostPath,
    unplug: stop,
    replug: start,
    async close() {
      if (closed) return;
      closed = true;
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The /dev/pts/N a pty symlink points at (for messages and for tools that do not follow links). */
export function ptyDevice(linkPath: string): string {
  return realpathSync(linkPath);
}
