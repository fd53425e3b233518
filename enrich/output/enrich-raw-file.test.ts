import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrichConfigSchema } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { encodeCollectorPayload } from '../model/collector-payload.ts';
import { fromTsv } from '../model/tsv.ts';
import { getRecord, postRecord } from '../testing/payloads.ts';
import { enrichRawFile } from './enrich-raw-file.ts';

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

  it('leaves no output at all when the input cannot be read', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    await expect(
      enrichRawFile(join(directory, 'missing.ndjson'), { goodPath: join(directory, 'good.tsv'), badPath: join(directory, 'bad.ndjson') }, enricher),
    ).rejects.toThrow(/ENOENT/);
    expect(await readdir(directory)).toEqual([]);
  });
});
