import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCollectorProcess, type CollectorProcess } from './testing/collector-process.ts';
import { readNdjsonDirectories } from './testing/temporary-collector.ts';

let workDir: string;
let running: CollectorProcess | null = null;
beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'snowline-collector-process-'));
});
afterEach(async () => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  running = null;
  await rm(workDir, { recursive: true, force: true });
});

describe('snowline collector (its own process)', () => {
  it('runs as the snowline command, whose shebang sets the young generation size (GC cost and the memory bound at full rate)', async () => {
    running = await startCollectorProcess(path.join(workDir, 'data'), workDir);
    const commandLine = (await readFile(`/proc/${running.child.pid}/cmdline`, 'utf8')).split('\0');
    expect(commandLine).toContain('--max-semi-space-size=8');
    expect(commandLine.some((part) => part.endsWith('bin/snowline.js'))).toBe(true);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('on SIGTERM finishes in-flight requests, seals the spool and exits 0; every answered event is sealed', async () => {
    const dataDir = path.join(workDir, 'data');
    await writeFile(path.join(workDir, 'snowline.config.json'), JSON.stringify({ collector: { rotateAfterMs: 60_000, shutdownDeadlineMs: 5000 } }));
    running = await startCollectorProcess(dataDir, workDir);
    const url = running.url;
    let stop = false;
    const acknowledged: string[] = [];
    const clients = Array.from({ length: 8 }, async (_, client) => {
      for (let index = 0; !stop; index++) {
        const marker = `c${client}n${index}`;
        try {
          const response = await fetch(`${url}/i?aid=${marker}`);
          if (response.status === 200) acknowledged.push(marker);
        } catch {
          return;
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const signalledAt = Date.now();
    running.child.kill('SIGTERM');
    const code = await running.exited;
    stop = true;
    await Promise.all(clients);
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(6000);
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(await readdir(path.join(dataDir, 'raw', 'spool'))).toEqual([]);
    const sealed = (await readNdjsonDirectories([path.join(dataDir, 'raw', 'sealed')])).map((record) => String(record.querystring).slice(4));
    for (const marker of acknowledged) expect(sealed).toContain(marker);
    expect(running.stderr()).toMatch(/SIGTERM: finishing in-flight requests/);
  });

  it('writes the records of each sealed file to stdout with the stdout sink, and status lines to stderr', async () => {
    const dataDir = path.join(workDir, 'data');
    await writeFile(path.join(workDir, 'snowline.config.json'), JSON.stringify({ collector: { rotateAfterMs: 100, sinks: [{ type: 'stdout' }] } }));
    running = await startCollectorProcess(dataDir, workDir);
    for (let index = 0; index < 5; index++) expect((await fetch(`${running.url}/i?aid=piped${index}`)).status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    const lines = running.stdout().split('\n').filter((line) => line.length > 0);
    expect(lines.map((line) => (JSON.parse(line) as { querystring: string }).querystring)).toEqual(
      Array.from({ length: 5 }, (_, index) => `aid=piped${index}`),
    );
    expect(running.stderr()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    // Without a local sink the sealed files are gone once written out.
    expect(await readdir(path.join(dataDir, 'raw', 'sealed'))).toEqual([]);
  });
});
