import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCollectorPayload } from '../../enrich/index.ts';
import { enrichCommand } from './enrich.ts';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-enrich-cli-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

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

  it('names a missing or wrong option', async () => {
    await expect(enrichCommand.run(['--output', directory])).rejects.toThrow('--input is required');
    await expect(enrichCommand.run(['--input', directory, '--output', directory, '--workers', 'many'])).rejects.toThrow('--workers must be a whole number');
    await expect(enrichCommand.run(['--input', 's3://bucket/raw', '--output', directory])).rejects.toThrow('s3:// inputs and outputs are not supported');
  });
});
