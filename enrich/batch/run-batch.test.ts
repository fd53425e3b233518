import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichConfigSchema } from '../config.ts';
import { generateCorpus } from '../testing/corpus.ts';
import { badRowsWithoutTimes } from '../testing/output-files.ts';
import { runBatch, type BatchProgress } from './run-batch.ts';

let directory: string;
let input: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-batch-'));
  input = join(directory, 'raw');
  await mkdir(input);
  for (const [name, seed] of [['a.ndjson', 1], ['b.ndjson', 2], ['c.ndjson', 3]] as const) {
    const lines: string[] = [];
    generateCorpus(800, seed, (line) => lines.push(line));
    await writeFile(join(input, name), `${lines.join('\n')}\n`);
  }
  // Awkward bytes: CRLF line ends, a line that is not JSON, invalid UTF-8 and a last line without its newline.
  const awkward: string[] = [];
  generateCorpus(300, 4, (line) => awkward.push(line));
  await writeFile(
    join(input, 'd.ndjson'),
    Buffer.concat([
      Buffer.from(`${awkward.slice(0, 100).join('\r\n')}\r\nnot a record\n`),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
      Buffer.from(awkward.slice(100).join('\n')),
    ]),
  );
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Output lines without etl_tstamp (position 2), the one field that depends on when enrich ran. */
async function linesWithoutEtlTime(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').map((line) => line.split('\t').filter((_, index) => index !== 2).join('\t'));
}

describe('batch mode', () => {
  const config = enrichConfigSchema.parse({});

  it('gives the same events over two worker threads as in one thread, in the same order', async () => {
    const single = join(directory, 'single');
    const parallel = join(directory, 'parallel');
    const progress: BatchProgress[] = [];
    const one = await runBatch({ input, output: single, config, workers: 1 });
    const two = await runBatch({ input, output: parallel, config, workers: 2, onProgress: (p) => progress.push(p) });
    expect(two.totals).toEqual(one.totals);
    expect(one.totals.records).toBe(2400 + 302);
    expect(one.totals.bad).toBeGreaterThan(0);
    for (const name of ['a.ndjson', 'b.ndjson', 'c.ndjson', 'd.ndjson']) {
      expect(await linesWithoutEtlTime(join(parallel, 'good', `${name}.tsv`))).toEqual(await linesWithoutEtlTime(join(single, 'good', `${name}.tsv`)));
      expect(await badRowsWithoutTimes(join(parallel, 'bad', `${name}.ndjson`))).toEqual(await badRowsWithoutTimes(join(single, 'bad', `${name}.ndjson`)));
    }
    const awkwardBad = await readFile(join(parallel, 'bad', 'd.ndjson.ndjson'), 'utf8');
    expect(awkwardBad).toContain('"payload":"not a record"');
    expect(awkwardBad).toContain('"payload":"{\uFFFD\uFFFD}"');
    expect(progress.at(-1)).toMatchObject({ filesDone: 4, filesTotal: 4 });
    expect(progress.at(-1)!.bytesDone).toBe(progress.at(-1)!.bytesTotal);
  });

  it('resumes from its manifest: finished inputs are skipped, a changed input is redone', async () => {
    const output = join(directory, 'resumed');
    await runBatch({ input, output, config, workers: 1 });
    const again = await runBatch({ input, output, config, workers: 1 });
    expect(again.processed).toEqual([]);
    expect(again.skippedAsDone).toHaveLength(4);
    await appendFile(join(input, 'b.ndjson'), 'not a record\n');
    const afterChange = await runBatch({ input, output, config, workers: 1 });
    expect(afterChange.processed.map((path) => path.split('/').pop())).toEqual(['b.ndjson']);
    const manifest = (await readFile(join(output, 'manifest.ndjson'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(manifest.map((entry) => entry.input)).toEqual(['a.ndjson', 'b.ndjson', 'c.ndjson', 'd.ndjson', 'b.ndjson']);
    expect(manifest[4].records).toBe(manifest[1].records + 1);
    expect((await readdir(join(output, 'good'))).sort()).toEqual(['a.ndjson.tsv', 'b.ndjson.tsv', 'c.ndjson.tsv', 'd.ndjson.tsv']);
  });

  it('fails with the reason when a worker cannot build its enricher, and publishes no output', async () => {
    const broken = enrichConfigSchema.parse({ enrichments: { javascript: { enabled: true, scriptPath: join(directory, 'missing.js') } } });
    const output = join(directory, 'broken');
    await expect(runBatch({ input, output, config: broken, workers: 2 })).rejects.toThrow(/enrich worker failed: .*ENOENT/s);
    expect(await readdir(join(output, 'good'))).toEqual([]);
  });
});
