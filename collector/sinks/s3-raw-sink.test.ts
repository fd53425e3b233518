import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/ports.ts';
import { collectorConfigSchema } from '../config.ts';
import { startTemporaryCollector, type TemporaryCollector } from '../testing/temporary-collector.ts';
import { startLocalS3, useS3rverCredentials, type LocalS3 } from '../../test-support/s3.ts';
import { s3ClientFor } from './s3-raw-sink.ts';

const BUCKET = 'raw-archive';
let collector: TemporaryCollector | null = null;
let s3: LocalS3 | null = null;

beforeAll(() => useS3rverCredentials());
afterEach(async () => {
  await collector?.stop();
  collector = null;
  await s3?.stop();
  s3 = null;
});

function s3Sink(endpoint: string) {
  return {
    type: 's3' as const,
    bucket: BUCKET,
    prefix: 'raw/',
    endpoint,
    forcePathStyle: true,
    checksumsWhenRequiredOnly: true,
    initialBackoffMs: 50,
    maxBackoffMs: 300,
    maxAttempts: 3,
  };
}

async function archivedObjects(endpoint: string): Promise<Map<string, Buffer>> {
  const client = s3ClientFor(collectorConfigSchema.parse({ sinks: [s3Sink(endpoint)] }).sinks[0] as never);
  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  const objects = new Map<string, Buffer>();
  for (const { Key } of listed.Contents ?? []) {
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
    objects.set(Key!, Buffer.from(await object.Body!.transformToByteArray()));
  }
  client.destroy();
  return objects;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function sendEvents(url: string, marker: string, count: number): Promise<void> {
  for (let index = 0; index < count; index++) expect((await fetch(`${url}/i?aid=${marker}&n=${index}`)).status).toBe(200);
}

describe('S3 raw sink', () => {
  it('gzips sealed files under <prefix>/yyyy/mm/dd/<hostId>/ and deletes the local copy only after the upload is confirmed', async () => {
    s3 = await startLocalS3([BUCKET], await freePort());
    collector = await startTemporaryCollector({ hostId: 'testhost', rotateAfterMs: 100, sinks: [s3Sink(s3.endpoint)] });
    await sendEvents(collector.url, 'archived', 12);
    await collector.collector.close();
    const objects = await archivedObjects(s3.endpoint);
    expect(objects.size).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    const lines: string[] = [];
    for (const [key, body] of objects) {
      expect(key).toMatch(new RegExp(`^raw/${today}/testhost/\\d{8}T\\d{9}Z-testhost-\\d{6}\\.ndjson\\.gz$`));
      lines.push(...gunzipSync(body).toString('utf8').split('\n').filter((line) => line.length > 0));
    }
    const markers = lines.map((line) => (JSON.parse(line) as { querystring: string }).querystring).sort();
    expect(markers).toEqual(Array.from({ length: 12 }, (_, index) => `aid=archived&n=${index}`).sort());
    expect(await collector.records()).toEqual([]);
  });

  it('keeps files locally while S3 is down, retries with backoff, and ships them once it is up', async () => {
    const port = await freePort();
    collector = await startTemporaryCollector({ rotateAfterMs: 100, sinks: [s3Sink(`http://127.0.0.1:${port}`)] }, undefined, { log: () => {} });
    await sendEvents(collector.url, 'retried', 5);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await collector.records()).toHaveLength(5);
    s3 = await startLocalS3([BUCKET], port);
    await waitFor(async () => (await collector!.records()).length === 0, 10_000);
    const objects = await archivedObjects(s3.endpoint);
    const shipped = [...objects.values()].flatMap((body) => gunzipSync(body).toString('utf8').trim().split('\n'));
    expect(shipped).toHaveLength(5);
  });

  it('keeps the local copy byte for byte when a local sink is configured as well', async () => {
    s3 = await startLocalS3([BUCKET], await freePort());
    collector = await startTemporaryCollector({ rotateAfterMs: 100, sinks: [{ type: 'local' }, s3Sink(s3.endpoint)] });
    await sendEvents(collector.url, 'both', 3);
    await collector.collector.close();
    const objects = await archivedObjects(s3.endpoint);
    const { readFile } = await import('node:fs/promises');
    const local = new Map(await Promise.all(collector.sealed.map(async (file) => [file.split('/').pop()!, await readFile(file)] as const)));
    expect(objects.size).toBe(local.size);
    for (const [key, body] of objects) expect(gunzipSync(body).equals(local.get(key.split('/').pop()!.replace(/\.gz$/, ''))!)).toBe(true);
  });
});
