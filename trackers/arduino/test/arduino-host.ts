// Compiles the Snowline Arduino library for the host with g++ (test/host/Arduino.h stands in for the core) and
// drives test/host/harness.cpp: tab-separated commands in, the bytes the library wrote out.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SNOWLINE_LIBRARY_DIR } from './library-dir.ts';

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

/**
 * An interactive harness whose network client is carried over a real TCP connection: `connect` opens a socket to
 * the host and port the library asked for, bytes the library writes go to it, bytes that come back are fed to the
 * library. Lets the MQTT and HTTP emitters talk to a real broker or collector.
 */
export class NetworkedHarness {
  private readonly child = spawn(buildHostHarness(), [], { stdio: ['pipe', 'pipe', 'inherit'] });
  private readonly lines: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private socket: net.Socket | undefined;
  private incoming: Buffer[] = [];
  millis = 0;
  readonly outputs: HarnessLine[] = [];

  constructor() {
    let partial = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('latin1');
      const parts = text.split('\n');
      partial = parts.pop()!;
      this.lines.push(...parts);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  private async nextLine(): Promise<string> {
    while (this.lines.length === 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.lines.shift()!;
  }

  send(...args: (string | number | null)[]): void {
    this.child.stdin!.write(`${args.map((arg, index) => (index === 0 ? String(arg) : harnessArg(arg === null ? null : String(arg)))).join('\t')}\n`);
  }

  /** Waits `advanceMs` (real time, so that servers answer), advances the clock, feeds what the server sent, runs
   * update() and carries what the library wrote. */
  async step(advanceMs: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, advanceMs));
    this.millis += advanceMs;
    this.send('millis', this.millis);
    if (this.incoming.length > 0) {
      this.send('rx', Buffer.concat(this.incoming.splice(0)).toString('latin1'));
    }
    if (this.socket?.destroyed) {
      this.socket = undefined;
      this.send('close-connection');
    }
    this.send('update');
    for (;;) {
      const line = await this.nextLine();
      const [kind, ...fields] = line.split('\t');
      const entry = { kind: kind!, fields: fields.map(unescapeOutput) };
      this.outputs.push(entry);
      if (kind === 'updated') return;
      if (kind === 'connect') {
        const socket = net.connect(Number(fields[1]), fields[0]!);
        socket.on('data', (chunk: Buffer) => this.incoming.push(chunk));
        socket.on('error', () => socket.destroy());
        await new Promise<void>((resolve) => {
          socket.once('connect', () => resolve());
          socket.once('close', () => resolve());
        });
        this.socket = socket;
      } else if (kind === 'tx') {
        this.socket?.write(Buffer.from(entry.fields[0]!, 'latin1'));
      } else if (kind === 'stop') {
        this.socket?.end();
        this.socket = undefined;
      }
    }
  }

  /** Sends a command and returns the first output line it produces (e.g. `stored`, `state`). */
  async ask(...args: (string | number | null)[]): Promise<HarnessLine> {
    this.send(...args);
    const [kind, ...fields] = (await this.nextLine()).split('\t');
    return { kind: kind!, fields: fields.map(unescapeOutput) };
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    this.child.stdin!.end();
    await new Promise((resolve) => this.child.once('exit', resolve));
  }
}
