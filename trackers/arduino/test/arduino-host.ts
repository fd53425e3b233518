// Compiles the Snowline Arduino library for the host with g++ (test/host/Arduino.h stands in for the core) and
// drives test/host/harness.cpp: tab-separated commands in, the bytes the library wrote out.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SNOWLINE_LIBRARY_DIR } from './avr-build.ts';

let harnessPath: string | undefined;

/** Builds the harness once per test process, with -Wall -Wextra -Werror. */
export function buildHostHarness(): string {
  if (harnessPath) return harnessPath;
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'snowline-host-')), 'harness');
  const sources = readdirSync(path.join(SNOWLINE_LIBRARY_DIR, 'src')).filter((file) => file.endsWith('.cpp')).map((file) => path.join(SNOWLINE_LIBRARY_DIR, 'src', file));
  try {
    execFileSync('g++', ['-std=gnu++17', '-Wall', '-Wextra', '-Werror', '-O1', `-I${path.join(SNOWLINE_LIBRARY_DIR, 'test/host')}`, `-I${path.join(SNOWLINE_LIBRARY_DIR, 'src')}`,
      '-o', out, path.join(SNOWLINE_LIBRARY_DIR, 'test/host/harness.cpp'), ...sources], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as { code?: string; stderr?: Buffer };
    if (failure.code === 'ENOENT') throw new Error('g++ not found; install it with: apt-get install -y --no-install-recommends g++');
    throw new Error(`host build of the Arduino library failed:\n${failure.stderr?.toString() ?? String(error)}`);
  }
  harnessPath = out;
  return out;
}

/** Escapes an argument for the harness: \t \n \r \\ and bytes outside printable ASCII as \xHH. */
export function harnessArg(value: string | null): string {
  if (value === null) return '\\N';
  let out = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '\\') out += '\\\\';
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code >= 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out;
}

function unescapeOutput(text: string): string {
  return text.replace(/\\(x[0-9a-f]{2}|.)/g, (_, escape: string) => {
    if (escape.startsWith('x') && escape.length === 3) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r' } as Record<string, string>)[escape] ?? escape;
  });
}

export interface HarnessLine {
  readonly kind: string;
  readonly fields: string[];
}

/** Runs one script (each command an array of arguments) and returns the output lines, `tx` bytes unescaped. */
export function runHarness(commands: readonly (readonly (string | number | null)[])[]): HarnessLine[] {
  const script = commands.map((command) => command.map((arg, index) => (index === 0 ? String(arg) : harnessArg(arg === null ? null : String(arg)))).join('\t')).join('\n');
  const result = spawnSync(buildHostHarness(), [], { input: `${script}\n`, encoding: 'latin1' });
  if (result.status !== 0) throw new Error(`harness exited with ${result.status}: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [kind, ...fields] = line.split('\t');
      return { kind: kind!, fields: fields.map(unescapeOutput) };
    });
}

/** The bytes the library wrote, in order, across every `update`. */
export function transmitted(lines: readonly HarnessLine[]): string {
  return lines.filter((line) => line.kind === 'tx').map((line) => line.fields[0]).join('');
}
