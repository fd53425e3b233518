// Starts and kills the bridge in a child process (bridge-process.ts), by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bridge-process.ts');

export interface BridgeChild {
  readonly pid: number;
  log(): string;
  /** SIGKILL: no shutdown, no flush, as a crash or an OOM kill. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBridgeChild(config: unknown, collectorUrl: string, dataDir: string, timeoutMs = 30_000): Promise<BridgeChild> {
  const configPath = path.join(dataDir, 'bridge-config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT, configPath, collectorUrl, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (process.env.SNOWLINE_TEST_LOG) process.stderr.write(`bridge[${child.pid}]: ${chunk.toString()}`);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (!stdout.includes('ready\n')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bridge process did not start:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited;
    }
  };
  return {
    pid: child.pid!,
    log: () => stderr,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
