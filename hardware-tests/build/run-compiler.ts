// Runs toolchain commands with bounded parallelism (the machine is shared) and turns gcc's diagnostics into data.
import { execFile } from 'node:child_process';
import os from 'node:os';

export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
}

export class BuildError extends Error {
  constructor(message: string, readonly output: string) {
    super(`${message}\n${output}`);
    this.name = 'BuildError';
  }
}

const MAX_PARALLEL = Math.max(1, Math.min(2, os.availableParallelism()));
let running = 0;
const waiting: Array<() => void> = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

export async function runTool(command: string, args: readonly string[], what: string): Promise<ToolResult> {
  const release = await slot();
  try {
    return await new Promise<ToolResult>((resolve, reject) => {
      execFile(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
        if (error) reject(new BuildError(`${what} failed: ${command} ${args.join(' ')}`, stderr || stdout || error.message));
        else resolve({ stdout, stderr });
      });
    });
  } finally {
    release();
  }
}

export interface CompilerDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: 'warning' | 'error' | 'note';
  readonly message: string;
}

const DIAGNOSTIC_LINE = /^(.+?):(\d+):(?:(\d+):)? (warning|error|note): (.*)$/;

/** Parses gcc's `file:line:col: warning: message` lines (the context lines around them are dropped). */
export function parseDiagnostics(stderr: string): CompilerDiagnostic[] {
  const diagnostics: CompilerDiagnostic[] = [];
  for (const line of stderr.split('\n')) {
    const match = DIAGNOSTIC_LINE.exec(line.trim());
    if (!match) continue;
    diagnostics.push({
      file: match[1]!,
      line: Number(match[2]),
      column: Number(match[3] ?? 0),
      severity: match[4] as CompilerDiagnostic['severity'],
      message: match[5]!,
    });
  }
  return diagnostics;
}
