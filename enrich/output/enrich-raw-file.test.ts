import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrichConfigSchema } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { encodeCollectorPayload } from '../model/collector-payload.ts';
import { fromTsv } from '../model/tsv.ts';
import { badRowsWithoutTimes } from '../testing/output-files.ts';
import { getRecord, postRecord } from '../testing/payloads.ts';
import { enrichRawFile, isPlainNdjsonHead } from './enrich-raw-file.ts';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-enrich-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('enrichRawFile', () => {
  it('writes good TSV lines and bad-row lines, and counts records, good events and bad rows', async () => {
    const input = join(directory, 'raw.ndjson');
    const lines = [
      encodeCollectorPayload(getRecord({ e: 'pv', p: 'web', url: 'https://a.example/' })),
      'this is not json',
      encodeCollectorPayload(postRecord([{ e: 'pv', p: 'web', tv: 'js-4.10.1' }, { e: 'se', p: 'web', tv: 'js-4.10.1', se_ca: 'c', se_ac: 'a' }])),
      '{"schema":"iglu:io.snowline/raw_record/jsonschema/1-0-0","id":1}',
    ];
    await writeFile(input, `${lines.join('\n')}\n`);
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const goodPath = join(directory, 'good.tsv');
    const badPath = join(directory, 'bad.ndjson');

    const counts = await enrichRawFile(input, { goodPath, badPath }, enricher);

    expect(counts).toEqual({ records: 4, good: 3, bad: 2, dropped: 0, skipped: 0 });
    const good = (await readFile(goodPath, 'utf8')).split('\n');
    expect(good).toHaveLength(4);
    expect(good[3]).toBe('');
    expect(good.slice(0, 3).map((line) => fromTsv(line).event)).toEqual(['page_view', 'page_view', 'struct']);
    const bad = (await readFile(badPath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(bad.map((row) => row.schema)).toEqual([
      'iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0',
      'iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0',
    ]);
    expect(bad[0].data.payload).toBe('this is not json');
    expect(bad[1].data.failure.message.error).toBe('raw record field id must be a string');
    expect((await readdir(directory)).sort()).toEqual(['bad.ndjson', 'good.tsv', 'raw.ndjson']);
  });

  it('gives byte-identical outputs when re-run on the same input (apart from etl_tstamp, fixed here)', async () => {
    const input = join(directory, 'raw.ndjson');
    await writeFile(input, [1, 2, 3].map((n) => encodeCollectorPayload(getRecord({ e: 'pv', p: 'web', url: `https://a.example/${n}` }, { id: `00000000-0000-4000-8000-00000000000${n}` }))).join('\n'));
    const enricher = await createEnricher(enrichConfigSchema.parse({}), { clock: () => 0 });
    const first = { goodPath: join(directory, 'g1.tsv'), badPath: join(directory, 'b1.ndjson') };
    const second = { goodPath: join(directory, 'g2.tsv'), badPath: join(directory, 'b2.ndjson') };
    await enrichRawFile(input, first, enricher);
    await enrichRawFile(input, second, enricher);
    expect(await readFile(second.goodPath, 'utf8')).toBe(await readFile(first.goodPath, 'utf8'));
  });

  it('cuts plain NDJSON into the records readline gives for the same bytes gzipped (CRLF, lone CR, invalid UTF-8, no final newline)', async () => {
    const record = (n: number) =>
      encodeCollectorPayload(getRecord({ e: 'pv', p: 'web', url: `https://a.example/${n}` }, { id: `00000000-0000-4000-8000-00000000000${n}` }));
    const bytes = Buffer.concat([
      Buffer.from(`${record(1)}\r\n${record(2)}\r${record(3)}\nnot a record\r\n`),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0d, 0x0a, 0x7b, 0xc3, 0x0a]),
      Buffer.from(`${record(4)}\r${record(5)}`),
    ]);
    const plain = join(directory, 'raw.ndjson');
    const gzipped = join(directory, 'raw.ndjson.gz');
    await writeFile(plain, bytes);
    await writeFile(gzipped, gzipSync(bytes));
    const enricher = await createEnricher(enrichConfigSchema.parse({}), { clock: () => 0 });
    const chunked = { goodPath: join(directory, 'chunked.tsv'), badPath: join(directory, 'chunked.ndjson') };
    const byLine = { goodPath: join(directory, 'lines.tsv'), badPath: join(directory, 'lines.ndjson') };

    const chunkedCounts = await enrichRawFile(plain, chunked, enricher);
    const lineCounts = await enrichRawFile(gzipped, byLine, enricher);

    expect(chunkedCounts).toEqual({ records: 8, good: 5, bad: 3, dropped: 0, skipped: 0 });
    expect(lineCounts).toEqual(chunkedCounts);
    expect(await readFile(chunked.goodPath, 'utf8')).toBe(await readFile(byLine.goodPath, 'utf8'));
    expect(await badRowsWithoutTimes(chunked.badPath)).toEqual(await badRowsWithoutTimes(byLine.badPath));
    expect(await readFile(chunked.badPath, 'utf8')).toContain('"payload":"{\uFFFD\uFFFD}"');
  });

  it('leaves no output at all when the input cannot be read', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    await expect(
      enrichRawFile(join(directory, 'missing.ndjson'), { goodPath: join(directory, 'good.tsv'), badPath: join(directory, 'bad.ndjson') }, enricher),
    ).rejects.toThrow(/ENOENT/);
    expect(await readdir(directory)).toEqual([]);
  });
});

describe('isPlainNdjsonHead', () => {
  const head = (...bytes: number[]) => Buffer.from([...bytes, 0, 0].slice(0, 2));

  it('takes detected NDJSON by its opening brace, and any non-gzip file when the format is forced to raw', () => {
    expect(isPlainNdjsonHead(head(0x7b, 0x22), 2, 'auto')).toBe(true);
    expect(isPlainNdjsonHead(head(0x7b), 1, 'auto')).toBe(true);
    expect(isPlainNdjsonHead(head(0x0a, 0x7b), 2, 'auto')).toBe(false);
    expect(isPlainNdjsonHead(head(), 0, 'auto')).toBe(false);
    expect(isPlainNdjsonHead(head(0x0a, 0x7b), 2, 'raw')).toBe(true);
    expect(isPlainNdjsonHead(head(), 0, 'raw')).toBe(true);
  });

  it('leaves gzip and access logs to the line reader', () => {
    expect(isPlainNdjsonHead(head(0x1f, 0x8b), 2, 'auto')).toBe(false);
    expect(isPlainNdjsonHead(head(0x1f, 0x8b), 2, 'raw')).toBe(false);
    expect(isPlainNdjsonHead(head(0x7b, 0x22), 2, 'cloudfront')).toBe(false);
    expect(isPlainNdjsonHead(head(0x7b, 0x22), 2, 'clj-tomcat')).toBe(false);
  });
});
