// Runs a Lua script on a native interpreter as a child process, with trackers/lua on package.path, without
// blocking the event loop (the collector the script talks to lives in the test process).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { luaTrackerDir } from '../index.ts';

export interface LuaProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves when stdout has printed a line equal to `line`. */
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code and all output once the process ends (killed after timeoutMs). */
  finished(timeoutMs?: number): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export function startLua(interpreterPath: string, script: string): LuaProcess {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snowline-lua-'));
  const file = path.join(dir, 'script.lua');
  writeFileSync(file, `io.stdout:setvbuf('no')\npackage.path = ${JSON.stringify(`${luaTrackerDir}/?.lua;`)} .. package.path\n${script}`);
  const child = spawn(interpreterPath, [file]);
  let stdout = '';
  let stderr = '';
  const lineWaiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const check of lineWaiters) check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      for (const check of lineWaiters) check();
      resolve(code);
    });
  });
  return {
    child,
    waitForLine(line, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (stdout.split('\n').includes(line)) {
            lineWaiters.delete(check);
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null) {
            lineWaiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`the script ended before printing ${line}:\n${stdout}\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          lineWaiters.delete(check);
          reject(new Error(`no line ${line} within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        lineWaiters.add(check);
        check();
      });
    },
    async finished(timeoutMs = 30_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return { code, stdout, stderr };
    },
  };
}
