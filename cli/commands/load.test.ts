import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Client } from '../../storage/index.ts';
import { samplePageView, toTsvFile } from '../../storage/test-support/enriched-events.ts';
import { startLocalS3, S3RVER_CREDENTIALS, type LocalS3 } from '../../test-support/s3.ts';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { loadCommand } from './load.ts';

let directory: string;
let database: TemporaryPostgres;
let s3: LocalS3;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'slloadcli-'));
  database = await startTemporaryPostgres();
  s3 = await startLocalS3(['exports']);
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
});

afterAll(async () => {
  await s3?.stop();
  await database?.stop();
  rmSync(directory, { recursive: true, force: true });
});

async function runQuietly(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await loadCommand.run(args);
    return { code, stdout: stdout.mock.calls.map((call) => String(call[0])).join(''), stderr: stderr.mock.calls.map((call) => String(call[0])).join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('snowline load', () => {
  it('loads every enriched file of a folder into PostgreSQL once, with progress, and bad lines as bad rows', async () => {
    const source = path.join(directory, 'export');
    mkdirSync(path.join(source, 'day=2026-11-29'), { recursive: true });
    writeFileSync(path.join(source, 'a.tsv'), toTsvFile([samplePageView(), samplePageView()]));
    writeFileSync(path.join(source, 'day=2026-11-29', 'b.tsv.gz'), gzipSync(toTsvFile([samplePageView()]) + 'broken line\n'));
    writeFileSync(path.join(source, 'notes.txt'), 'not enriched');
    const first = await runQuietly(['--from', source, '--to', database.url]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`loaded 3 rows from 2 files into ${database.url} (0 files already loaded, 1 bad rows)\n`);
    expect(first.stderr).toMatch(/\[#{30}\] 100%  2\/2 files \(0 already loaded\)  3 rows  1 bad/);
    const again = await runQuietly(['--from', source, '--to', database.url, '--quiet']);
    expect(again.stdout).toMatch(/loaded 0 rows from 0 files .* \(2 files already loaded, 0 bad rows\)/);
    const [count] = await database.query<{ count: string }>('SELECT count(*) FROM atomic.events');
    expect(Number(count!.count)).toBe(3);
    const badRows = await database.query<{ bad_row: string }>('SELECT bad_row FROM atomic.snowline_bad_rows');
    expect(badRows.map((row) => JSON.parse(row.bad_row).data.payload)).toEqual(['broken line']);
  });

  it('loads from an S3 prefix', async () => {
    const client = createS3Client(s3.clientOptions);
    await client.send(new PutObjectCommand({ Bucket: 'exports', Key: 'enriched/good/x.tsv.gz', Body: gzipSync(toTsvFile([samplePageView(), samplePageView()])) }));
    client.destroy();
    await database.query('TRUNCATE atomic.events');
    const result = await runQuietly(['--from', 's3://exports/enriched/good/', '--to', database.url, '--s3-endpoint', s3.endpoint, '--quiet']);
    expect(result.stdout).toMatch(/^loaded 2 rows from 1 files/);
  });

  it('shreds entities into per-schema tables with --shred', async () => {
    const source = path.join(directory, 'shred');
    mkdirSync(source);
    const contexts = JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1',
      data: [{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: '0d3c6f4e-3f52-4d0e-9d52-6f3f1d1c2b10' } }],
    });
    const event = samplePageView({ contexts });
    writeFileSync(path.join(source, 'c.tsv'), toTsvFile([event]));
    await runQuietly(['--from', source, '--to', database.url, '--shred', '--quiet']);
    expect(await database.query('SELECT root_id, id FROM atomic.com_snowplowanalytics_snowplow_web_page_1')).toEqual([
      { root_id: event.event_id, id: '0d3c6f4e-3f52-4d0e-9d52-6f3f1d1c2b10' },
    ]);
  });

  it('names an unknown target and a missing --from', async () => {
    const config = path.join(directory, 'snowline.config.json');
    writeFileSync(config, JSON.stringify({ storage: { targets: [{ type: 'files', name: 'lake', directory: path.join(directory, 'lake') }] } }));
    await expect(loadCommand.run(['--to', 'x'])).rejects.toThrow('--from');
    await expect(loadCommand.run(['--from', directory, '--to', 'warehouse', '--config', config])).rejects.toThrow(
      '--to "warehouse" is not a configured target (storage.targets: lake)',
    );
  });
});
