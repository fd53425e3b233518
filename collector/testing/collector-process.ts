import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SNOWLINE_BIN = fileURLToPath(new URL('../../bin/snowline.js', import.meta.url));

export interface CollectorProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything written to standard output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
}

/**
 * Runs `snowline collector` (the built CLI, executed as users run it, so with the Node flags of its shebang) in its
 * own process, in `cwd`, on a random port, and resolves once it says where it listens (on stdout, or on stderr when
 * stdout carries raw records).
 */
export async function startCollectorProcess(dataDir: string, cwd: string, extraArgs: readonly string[] = []): Promise<CollectorProcess> {
  const child = spawn(SNOWLINE_BIN, ['collector', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`snowline collector did not start within 20 s: ${stderr}`)), 20_000);
    const look = () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout + stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`snowline collector exited with ${code} before listening: ${stderr}`));
    });
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr, exited };
}
