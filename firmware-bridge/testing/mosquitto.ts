// Mosquitto 2 started by a test on 127.0.0.1 and a free port, with a password file and no anonymous access
// (TOOLCHAIN.md: without a config file Mosquitto allows anonymous clients).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test-support/ports.ts';
import { requireTool } from '../../test-support/require-tool.ts';

export interface RunningMosquitto {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startMosquitto(users: Record<string, string>): Promise<RunningMosquitto> {
  const mosquitto = requireTool('mosquitto', 'mosquitto', ['/usr/sbin/mosquitto']);
  const passwd = requireTool('mosquitto_passwd', 'mosquitto', ['/usr/bin/mosquitto_passwd']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snowline-mosquitto-'));
  chmodSync(dir, 0o755);
  const passwordFile = path.join(dir, 'passwd');
  Object.entries(users).forEach(([user, password], index) => {
    execFileSync(passwd, [...(index === 0 ? ['-c'] : []), '-b', passwordFile, user, password], { stdio: 'ignore' });
  });
  chmodSync(passwordFile, 0o644);
  const port = await freePort();
  const configFile = path.join(dir, 'mosquitto.conf');
  writeFileSync(
    configFile,
    [`listener ${port} 127.0.0.1`, 'allow_anonymous false', `password_file ${passwordFile}`, 'persistence false', 'log_dest stderr', 'log_type error', ''].join('\n'),
  );
  const child: ChildProcess = spawn(mosquitto, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const listening = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (listening) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`mosquitto did not start on port ${port}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
