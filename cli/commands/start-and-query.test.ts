// The walking skeleton as a user runs it: `snowline start` on embedded defaults (real embedded PostgreSQL),
// a pixel request, `snowline query`, and a restart that keeps the rows and loads nothing twice.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/ports.ts';

const snowlineBin = fileURLToPath(new URL('../../bin/snowline.js', import.meta.url));

function query(dataDir: string, sql: string, format = 'json'): unknown {
  const result = spawnSync(process.execPath, [snowlineBin, 'query', sql, '--format', format, '--data-dir', dataDir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`snowline query failed: ${result.stderr}`);
  return format === 'json' ? JSON.parse(result.stdout) : result.stdout;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('snowline start and snowline query on embedded defaults', () => {
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-cli-'));
  chmodSync(baseDir, 0o755);
  const dataDir = path.join(baseDir, 'data');
  let child: ChildProcess | undefined;
  let output = '';

  async function start(port: number, postgresPort: number): Promise<void> {
    output = '';
    child = spawn(
      process.execPath,
      [snowlineBin, 'start', '--port', String(port), '--postgres-port', String(postgresPort), '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => (output.includes('Stop with Ctrl-C') ? true : undefined), 60_000, `snowline start to listen (output so far: ${output})`);
  }

  async function stop(): Promise<number | null> {
    const running = child!;
    const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)));
    running.kill('SIGTERM');
    return exited;
  }

  afterAll(async () => {
    if (child && child.exitCode === null) await stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  it('answers the pixel with the GIF and the sp cookie, and the event becomes a queryable row', async () => {
    const port = await freePort();
    const postgresPort = await freePort();
    await start(port, postgresPort);
    expect(output).toContain(`listening on http://127.0.0.1:${port}`);
    expect(output).toMatch(/psql:\s+PGPASSWORD='[^']+' psql 'postgres:\/\/snowline@127\.0\.0\.1:\d+\/snowline'/);

    const response = await fetch(
      `http://127.0.0.1:${port}/i?e=pv&aid=demo&p=web&tv=curl-1&url=https%3A%2F%2Fexample.com%2Fa%3Futm_source%3Dx`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await response.arrayBuffer()).toString('base64')).toBe('R0lGODlhAQABAPAAAP///wAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw==');
    expect(response.headers.get('set-cookie')).toMatch(/^sp=[0-9a-f-]{36}; Expires=.+; Path=\/; SameSite=None; Secure; HttpOnly$/);

    const rows = await waitFor(() => {
      const found = query(dataDir, 'select app_id, event, page_urlhost, page_urlpath from atomic.events') as unknown[];
      return found.length > 0 ? found : undefined;
    }, 10_000, 'the page view in atomic.events');
    expect(rows).toEqual([{ app_id: 'demo', event: 'page_view', page_urlhost: 'example.com', page_urlpath: '/a' }]);
    expect(await stop()).toBe(0);
  });

  it('keeps earlier rows across a restart and loads nothing twice', async () => {
    await start(await freePort(), await freePort());
    // A restart re-scans sealed files: nothing may be loaded again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(query(dataDir, 'select count(*)::int as n from atomic.events')).toEqual([{ n: 1 }]);
    expect(query(dataDir, 'select count(*)::int as n from atomic.snowline_manifest')).toEqual([{ n: 1 }]);
    expect(await stop()).toBe(0);
  });

  it('queries the embedded store when start is not running, as csv', () => {
    expect(query(dataDir, "select event, app_id from atomic.events", 'csv')).toBe('event,app_id\r\npage_view,demo\r\n');
  });

  it('names the problem when the SQL is wrong, with a non-zero exit', () => {
    const result = spawnSync(process.execPath, [snowlineBin, 'query', 'selec 1', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('syntax error at or near "selec"');
  });

  it('rejects an unknown format and an unknown option with usage hints', () => {
    const badFormat = spawnSync(process.execPath, [snowlineBin, 'query', 'select 1', '--format', 'xml'], { encoding: 'utf8' });
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain('--format must be one of table, json, csv');
    const badOption = spawnSync(process.execPath, [snowlineBin, 'start', '--prot', '1'], { encoding: 'utf8' });
    expect(badOption.status).toBe(2);
    expect(badOption.stderr).toMatch(/Unknown option '--prot'/);
  });
});
