// A linked pair of pseudo-terminals from socat (TOOLCHAIN.md): what is written to one end is read from the
// other, like the two ends of a USB-serial cable. `unplug()` kills socat (both ends vanish, as on unplugging a
// board) and `replug()` starts it again with the same link names.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireTool } from '../../test-support/require-tool.ts';

export interface PtyPair {
  /** The end the bridge opens. */
  readonly bridgePath: string;
  /** The end the simulated device opens. */
  readonly devicePath: string;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function startPtyPair(): Promise<PtyPair> {
  const socat = requireTool('socat', 'socat', ['/usr/bin/socat']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snowline-pty-'));
  const bridgePath = path.join(dir, 'bridge');
  const devicePath = path.join(dir, 'device');
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(socat, ['-d', '-d', `pty,raw,echo=0,link=${bridgePath}`, `pty,raw,echo=0,link=${devicePath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    const deadline = Date.now() + 5000;
    while (!existsSync(bridgePath) || !existsSync(devicePath)) {
      if (Date.now() > deadline) throw new Error('socat did not create the pty pair within 5 s');
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
  await start();
  return {
    bridgePath,
    devicePath,
    unplug: stop,
    replug: start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
