// Starts a real Mosquitto broker for a test: loopback, a free port, no anonymous clients, one username and
// password per device (hashed with mosquitto_passwd) and an ACL that lets a device publish only to its own
// topic, and lets the bridge's user read every device's topic. Stopped by PID.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test-support/ports.ts';
import { requireTool } from '../../test-support/require-tool.ts';

export interface MosquittoUser {
  readonly username: string;
  readonly password: string;
  /** ACL lines for this user, e.g. `topic write snowline/door-1/events`. */
  readonly acl: readonly string[];
}

export interface RunningMosquitto {
  readonly url: string;
  readonly port: number;
  /** Everything the broker logged so far (connections, refusals). */
  log(): string;
  stop(): Promise<void>;
}

export async function startMosquitto(users: readonly MosquittoUser[]): Promise<RunningMosquitto> {
  const mosquitto = requireTool('mosquitto', 'mosquitto', ['/usr/sbin/mosquitto']);
  const mosquittoPasswd = requireTool('mosquitto_passwd', 'mosquitto');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-mosquitto-'));
  const passwordFile = path.join(dir, 'passwords');
  const aclFile = path.join(dir, 'acl');
  const logFile = path.join(dir, 'mosquitto.log');
  writeFileSync(passwordFile, users.map((user) => `${user.username}:${user.password}\n`).join(''), { mode: 0o600 });
  execFileSync(mosquittoPasswd, ['-U', passwordFile]);
  writeFileSync(aclFile, users.map((user) => [`user ${user.username}`, ...user.acl, ''].join('\n')).join('\n'));
  writeFileSync(logFile, '');
  const port = await freePort();
  writeFileSync(path.join(dir, 'mosquitto.conf'), [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous false',
    `password_file ${passwordFile}`,
    `acl_file ${aclFile}`,
    'persistence false',
    `log_dest file ${logFile}`,
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'connection_messages true',
    // Started as root, Mosquitto switches to this user; the files are handed to it below.
    'user mosquitto',
    '',
  ].join('\n'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'mosquitto'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'mosquitto'], { encoding: 'utf8' }).trim());
    for (const file of [dir, passwordFile, aclFile, logFile]) chownSync(file, uid, gid);
  }
  const child: ChildProcess = spawn(mosquitto, ['-c', path.join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => readFileSync(logFile, 'utf8');
  const deadline = Date.now() + 5000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const message = `mosquitto did not start on 127.0.0.1:${port}:\n${stderr}${log()}`;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(message);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  let stopped = false;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    log,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
