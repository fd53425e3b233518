// Builds the simavr C harness (cached by content hash) and runs firmware on it with UART0 on a pseudo-terminal.
// simavr is an independent AVR simulator: running the same firmware there and in avr8js cross-checks the
// emulation the scenarios rely on.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTool } from '../../test-support/require-tool.ts';
import { cachedDirectory, compilerVersion, ContentHash } from '../build/build-cache.ts';
import { runTool } from '../build/run-compiler.ts';

const HARNESS_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'uart-pty-harness.c');
const SIMAVR_INCLUDE = '/usr/include/simavr';

export async function buildSimavrHarness(): Promise<string> {
  const gcc = requireTool('gcc', 'gcc');
  requireTool('simavr', 'simavr libsimavr-dev');
  const source = readFileSync(HARNESS_SOURCE);
  const key = new ContentHash().add('source', source).add('gcc', compilerVersion(gcc)).digest();
  const { dir } = await cachedDirectory('simavr-harness', key, async (buildDir) => {
    await runTool(gcc, [
      '-Wall', '-Wextra', '-O2', `-I${SIMAVR_INCLUDE}`, `-I${SIMAVR_INCLUDE}/parts`,
      '-o', path.join(buildDir, 'uart-pty-harness'), HARNESS_SOURCE, '-lsimavr', '-lsimavrparts', '-lpthread', '-lutil',
    ], 'building the simavr harness (needs libsimavr-dev)');
  });
  return path.join(dir, 'uart-pty-harness');
}

export interface SimavrBoard {
  /** The pty the firmware's UART0 is on (/dev/pts/N). */
  readonly ptyPath: string;
  /** Starts the CPU; call after opening ptyPath, or the first output is lost. */
  start(): void;
  stop(): Promise<void>;
}

export async function startSimavrBoard(elfPath: string, timeoutMs = 5000): Promise<SimavrBoard> {
  const harness = await buildSimavrHarness();
  const child: ChildProcess = spawn(harness, [elfPath, 'atmega328p', '16000000'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const startedAt = Date.now();
  let match: RegExpExecArray | null = null;
  while (!(match = /^pty (\/dev\/pts\/\d+)$/m.exec(stdout))) {
    if (child.exitCode !== null || Date.now() - startedAt > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`simavr harness did not report its pty within ${timeoutMs} ms:\n${stdout}${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    ptyPath: match[1]!,
    start() {
      child.stdin!.write('run\n');
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin!.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
