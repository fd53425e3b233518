import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCollectorPayload } from '../../enrich/index.ts';
import { createS3Client } from '../../storage/index.ts';
import { startLocalS3, S3RVER_CREDENTIALS, type LocalS3 } from '../../test-support/s3.ts';
import { enrichCommand } from './enrich.ts';

let directory: string;
let s3: LocalS3;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-enrich-cli-'));
  s3 = await startLocalS3(['lake']);
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
});
afterAll(async () => {
  await s3.stop();
  await rm(directory, { recursive: true, force: true });
});

async function runQuietly(args: string[]): Promise<string> {
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(await enrichCommand.run(args)).toBe(0);
    return String(stdout.mock.calls.at(-1)?.[0]);
  } finally {
    stdout.mockRestore();
  }
}

const record = (id: string, querystring: string) =>
  encodeCollectorPayload({
    schema: 'iglu:io.snowline/raw_record/jsonschema/1-0-0', id, ipAddress: '203.0.113.7', timestamp: Date.UTC(2024, 0, 1), encoding: 'UTF-8',
    collector: 'snowline-0.1.0', userAgent: 'curl/8.4.0', refererUri: null, path: '/i', querystring, body: null, headers: [],
    contentType: null, hostname: null, networkUserId: '',
  });

describe('snowline enrich', () => {
  it('enriches a raw file into good/ and bad/ and reports the totals', async () => {
    const input = join(directory, 'raw.ndjson');
    await writeFile(input, `${record('00000000-0000-4000-8000-000000000001', 'e=pv&p=web&url=https%3A%2F%2Fa.example%2F')}\n${record('00000000-0000-4000-8000-000000000002', 'e=pv&p=toaster')}\n`);
    const output = join(directory, 'out');
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await enrichCommand.run(['--input', input, '--output', output, '--workers', '1', '--quiet'])).toBe(0);
      expect(String(stdout.mock.calls.at(-1)?.[0])).toMatch(/^1 file\(s\) enriched, 0 already done: 2 records, 1 good events, 1 bad rows/);
    } finally {
      stdout.mockRestore();
    }
    expect((await readFile(join(output, 'good', 'raw.ndjson.tsv'), 'utf8')).split('\t')).toHaveLength(131);
    expect(await readFile(join(output, 'bad', 'raw.ndjson.ndjson'), 'utf8')).toContain('schema_violations');
  });

  it('enriches the objects under an S3 prefix into another prefix, and skips them on a re-run without downloading', async () => {
    const client = createS3Client(s3.clientOptions);
    for (const n of [1, 2]) {
      const body = `${record(`00000000-0000-4000-8000-00000000001${n}`, `e=pv&p=web&url=https%3A%2F%2Fa.example%2F${n}`)}\n`;
      await client.send(new PutObjectCommand({ Bucket: 'lake', Key: `raw/2026-11-29/part-${n}.ndjson`, Body: body }));
    }
    const args = ['--input', 's3://lake/raw/2026-11-29/', '--output', 's3://lake/enriched/2026-11-29', '--s3-endpoint', s3.endpoint, '--workers', '1', '--quiet'];
    expect(await runQuietly(args)).toMatch(/^2 file\(s\) enriched, 0 already done: 2 records, 2 good events, 0 bad rows/);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'enriched/' }));
    expect((listed.Contents ?? []).map((object) => object.Key).sort()).toEqual([
      'enriched/2026-11-29/bad/part-1.ndjson.ndjson',
      'enriched/2026-11-29/bad/part-2.ndjson.ndjson',
      'enriched/2026-11-29/good/part-1.ndjson.tsv',
      'enriched/2026-11-29/good/part-2.ndjson.tsv',
      'enriched/2026-11-29/manifest.ndjson',
    ]);
    const good = await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'enriched/2026-11-29/good/part-2.ndjson.tsv' }));
    expect((await good.Body!.transformToString()).split('\t')[29]).toBe('https://a.example/2');
    expect(await runQuietly(args)).toMatch(/^0 file\(s\) enriched, 2 already done/);
    client.destroy();
  });

  it('names a missing or wrong option', async () => {
    await expect(enrichCommand.run(['--output', directory])).rejects.toThrow('--input is required');
    await expect(enrichCommand.run(['--input', directory, '--output', directory, '--workers', 'many'])).rejects.toThrow('--workers must be a whole number');
  });
});
