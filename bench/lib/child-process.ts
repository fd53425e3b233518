import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildServer {
  readonly pid: number;
  /** Peak resident set size seen so far, in bytes (sampled from /proc). */
  peakRssBytes(): number;
  stop(): Promise<void>;
}

function readRssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts a server script in its own Node process (so the load generator and the server do not share an event
 * loop) and resolves once it prints `listening` on stdout. A `.ts` script runs through tsx; anything else is an
 * executable started as it is (`bin/snowline.js`, as users run it, with the Node flags of its shebang).
 */
export async function startChildServer(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  const [command, commandArgs] = script.endsWith('.ts') ? [process.execPath, ['--import', 'tsx', script, ...args]] : [script, args];
  const child: ChildProcess = spawn(command, commandArgs, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 20 s`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening`));
    });
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, readRssBytes(child.pid!));
  }, 200);
  return {
    pid: child.pid!,
    peakRssBytes: () => peak,
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
