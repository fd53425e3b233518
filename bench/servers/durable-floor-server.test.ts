import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/ports.ts';
import { startChildServer, type ChildServer } from '../lib/child-process.ts';

// The durable floor is only a yardstick if it really does the work a durable collector must do: a record for every
// answered request, in the file, with what the collector's record carries. (That it answers only after the
// fdatasync is its code's shape; the collector's own spool tests hold that with an injected slow disk.)
describe('durable floor bench server', () => {
  let dir: string;
  let server: ChildServer;
  let base: string;
  const linesOnDisk = () =>
    readFileSync(path.join(dir, 'floor.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'durable-floor-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startChildServer('bench/servers/durable-floor-server.ts', [String(port), dir]);
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers GET /i with the pixel and a cookie, and the record is in the file', async () => {
    const response = await fetch(`${base}/i?e=pv&aid=floor`, { headers: { 'User-Agent': 'floor-test' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(response.headers.get('set-cookie')).toMatch(/^sp=[0-9a-f-]{36}; Expires=.*; HttpOnly$/);
    expect((await response.arrayBuffer()).byteLength).toBe(43);
    const record = linesOnDisk().at(-1)!;
    expect(record).toMatchObject({ path: '/i', querystring: 'e=pv&aid=floor', userAgent: 'floor-test', body: null });
    expect(response.headers.get('set-cookie')).toContain(`sp=${String(record.networkUserId)};`);
  });

  it('answers POST with ok, and the record with the verbatim body is in the file', async () => {
    const body = JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{ e: 'pv', quote: '"' }] });
    const response = await fetch(`${base}/com.snowplowanalytics.snowplow/tp2`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect(linesOnDisk().at(-1)).toMatchObject({ path: '/com.snowplowanalytics.snowplow/tp2', body, contentType: 'application/json' });
  });

  it('keeps exactly one line per request when 50 arrive at once', async () => {
    const before = linesOnDisk().length;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => fetch(`${base}/i?n=${index}`).then((response) => response.status)));
    expect(answers.every((status) => status === 200)).toBe(true);
    const added = linesOnDisk().slice(before).map((record) => record.querystring);
    expect(added.sort()).toEqual(Array.from({ length: 50 }, (_, index) => `n=${index}`).sort());
  });
});
