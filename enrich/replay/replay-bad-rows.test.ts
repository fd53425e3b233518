import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichConfigSchema } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { encodeCollectorPayload } from '../model/collector-payload.ts';
import { fromTsv } from '../model/tsv.ts';
import { enrichRawFile } from '../output/enrich-raw-file.ts';
import { getRecord, postRecord } from '../testing/payloads.ts';
import { loadFix, replayBadRows, type BadRowFix } from './replay-bad-rows.ts';

let directory: string;
let badPath: string;
let firstGoodIds: string[];
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-replay-'));
  const input = join(directory, 'raw.ndjson');
  const lines = [
    encodeCollectorPayload(getRecord({ e: 'pv', p: 'toaster', url: 'https://a.example/1' }, { id: '00000000-0000-4000-8000-000000000001' })),
    encodeCollectorPayload(postRecord([{ e: 'pv', p: 'web', tv: 'js' }, { e: 'pv', p: 'toaster', tv: 'js' }], { id: '00000000-0000-4000-8000-000000000002' })),
    encodeCollectorPayload(getRecord({ e: 'pv', p: 'web' }, { id: '00000000-0000-4000-8000-000000000003', path: '/i', querystring: '' })),
  ];
  await writeFile(input, `${lines.join('\n')}\n`);
  badPath = join(directory, 'bad.ndjson');
  const goodPath = join(directory, 'good.tsv');
  await enrichRawFile(input, { goodPath, badPath }, await createEnricher(enrichConfigSchema.parse({})));
  firstGoodIds = (await readFile(goodPath, 'utf8')).replace(/\n$/, '').split('\n').map((line) => fromTsv(line).event_id!);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const toIot: BadRowFix = (row) => {
  const raw = (row.data.payload as { raw?: { parameters: { name: string; value: string }[] } }).raw;
  for (const parameter of raw?.parameters ?? []) if (parameter.name === 'p' && parameter.value === 'toaster') parameter.value = 'iot';
  return row;
};

async function goodEvents(path: string) {
  const text = await readFile(path, 'utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n').map((line) => fromTsv(line));
}

describe('replaying bad rows', () => {
  it('without a fix, the same rows fail again and nothing is written as good', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const output = { goodPath: join(directory, 'r0.tsv'), badPath: join(directory, 'r0.ndjson') };
    const counts = await replayBadRows(badPath, output, enricher, null);
    expect(counts).toEqual({ rows: 3, leftOut: 0, unreplayable: 0, good: 0, duplicates: 0, stillBad: 3 });
  });

  it('after a fix, the fixed events pass with the ids they would have had, and the rest stays bad', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const output = { goodPath: join(directory, 'r1.tsv'), badPath: join(directory, 'r1.ndjson') };
    const counts = await replayBadRows(badPath, output, enricher, toIot);
    expect(counts).toMatchObject({ rows: 3, good: 2, stillBad: 1 });
    const events = await goodEvents(output.goodPath);
    expect(events.map((event) => [event.platform, event.page_urlpath])).toEqual([['iot', '/1'], ['iot', null]]);
    const rerun = await createEnricher(enrichConfigSchema.parse({}));
    const fresh = rerun.enrich(getRecord({ e: 'pv', p: 'iot', url: 'https://a.example/1' }, { id: '00000000-0000-4000-8000-000000000001' })).good[0]!;
    expect(events[0]!.event_id).toBe(fresh.event_id);
    expect(firstGoodIds).not.toContain(events[1]!.event_id);
  });

  it('does not write an event twice when its bad row appears twice, and honours a fix that leaves rows out', async () => {
    const doubled = join(directory, 'doubled.ndjson');
    const text = await readFile(badPath, 'utf8');
    await writeFile(doubled, text + text);
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const output = { goodPath: join(directory, 'r2.tsv'), badPath: join(directory, 'r2.ndjson') };
    const counts = await replayBadRows(doubled, output, enricher, toIot);
    expect(counts).toMatchObject({ rows: 6, good: 2, duplicates: 2 });
    const fixPath = join(directory, 'fix.mjs');
    await writeFile(fixPath, 'export default function fix(row) { return row.schema.includes("adapter_failures") ? row : null; }\n');
    const leaveOut = await replayBadRows(badPath, { goodPath: join(directory, 'r3.tsv'), badPath: join(directory, 'r3.ndjson') }, enricher, await loadFix(fixPath));
    expect(leaveOut).toMatchObject({ rows: 3, leftOut: 2, good: 0, stillBad: 1 });
  });
});
