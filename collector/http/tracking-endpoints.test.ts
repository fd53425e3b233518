import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporaryCollector, type TemporaryCollector } from '../testing/temporary-collector.ts';

const GIF_HEX = '47494638396101000100f00000ffffff00000021f90405000000002c00000000010001000002024401003b';

let collector: TemporaryCollector;
beforeAll(async () => {
  collector = await startTemporaryCollector({ rotateAfterMs: 100 });
});
afterAll(async () => {
  await collector.stop();
});

async function recordWith(marker: string) {
  return (await collector.records()).find((record) => String(record.querystring).includes(marker) || String(record.body).includes(marker));
}

describe('tracking endpoints', () => {
  it('answers GET /i with the 43-byte GIF and no-cache headers', async () => {
    const response = await fetch(`${collector.url}/i?e=pv&aid=gif`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes).toHaveLength(43);
    expect(bytes.toString('hex')).toBe(GIF_HEX);
  });

  it('answers GET /com.snowplowanalytics.snowplow/tp2 with the GIF and POST with ok', async () => {
    const get = await fetch(`${collector.url}/com.snowplowanalytics.snowplow/tp2?e=pv&aid=tp2get`);
    expect(Buffer.from(await get.arrayBuffer()).toString('hex')).toBe(GIF_HEX);
    const post = await fetch(`${collector.url}/com.snowplowanalytics.snowplow/tp2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{ e: 'pv', aid: 'tp2post' }] }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await post.text()).toBe('ok');
  });

  it('has the raw record on disk by the time the answer arrives', async () => {
    for (let index = 0; index < 20; index++) {
      const marker = `ondisk${index}`;
      const response = await fetch(`${collector.url}/i?e=pv&aid=${marker}`);
      expect(response.status).toBe(200);
      const record = await recordWith(`aid=${marker}`);
      expect(record, `record ${marker} is in a spool or sealed file`).toBeDefined();
    }
  });

  it('writes one raw record per request with the CollectorPayload fields', async () => {
    await fetch(`${collector.url}/com.snowplowanalytics.snowplow/tp2?cv=x`, {
      method: 'POST',
      headers: { 'Content-Type': 'Application/JSON', 'User-Agent': 'test-agent/1', Referer: 'https://example.com/page' },
      body: '{"data":"recordfields"}',
    });
    const record = await recordWith('recordfields');
    expect(record).toMatchObject({
      schema: 'iglu:io.snowline/raw_record/jsonschema/1-0-0',
      ipAddress: '127.0.0.1',
      encoding: 'UTF-8',
      collector: 'snowline-0.1.0',
      userAgent: 'test-agent/1',
      refererUri: 'https://example.com/page',
      path: '/com.snowplowanalytics.snowplow/tp2',
      querystring: 'cv=x',
      body: '{"data":"recordfields"}',
      contentType: 'application/json',
      hostname: '127.0.0.1',
    });
    expect(record!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(record!.headers).toContain('User-Agent: test-agent/1');
  });

  it('sets the sp cookie with Expires one year ahead, Path, SameSite=None, Secure and HttpOnly', async () => {
    const before = Date.now();
    const response = await fetch(`${collector.url}/i?e=pv&aid=cookie`);
    const [cookie] = response.headers.getSetCookie();
    const match = /^sp=([0-9a-f-]{36}); Expires=([^;]+); Path=\/; SameSite=None; Secure; HttpOnly$/.exec(cookie!);
    expect(match, cookie).not.toBeNull();
    const expiresMs = Date.parse(match![2]!);
    expect(expiresMs).toBeGreaterThan(before + 364 * 86_400_000);
    expect(expiresMs).toBeLessThan(Date.now() + 366 * 86_400_000);
    const record = await recordWith('aid=cookie');
    expect(record!.networkUserId).toBe(match![1]);
  });

  it('keeps the network user id of an sp cookie the request carries and re-issues it', async () => {
    const id = '7b9f6a53-2a0c-4e5e-9b1e-3c2b0b6d1a11';
    const response = await fetch(`${collector.url}/i?e=pv&aid=returning`, { headers: { Cookie: `other=1; sp=${id}` } });
    expect(response.headers.getSetCookie()[0]).toMatch(new RegExp(`^sp=${id}; `));
    expect((await recordWith('aid=returning'))!.networkUserId).toBe(id);
  });

  it('answers /health with ok and unknown paths with 404', async () => {
    const health = await fetch(`${collector.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    expect((await fetch(`${collector.url}/no/such/path`)).status).toBe(404);
  });

  it('seals the spool into <dataDir>/raw/sealed after rotateAfterMs and reports each sealed file', async () => {
    await fetch(`${collector.url}/i?e=pv&aid=rotation`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(collector.sealed.length).toBeGreaterThan(0);
    for (const sealedPath of collector.sealed) expect(sealedPath).toMatch(/raw\/sealed\/\d{8}T\d{9}Z-[a-z0-9]+-\d{6}\.ndjson$/);
  });
});
