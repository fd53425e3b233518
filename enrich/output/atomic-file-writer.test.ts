import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeGoodAndBad } from './atomic-file-writer.ts';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-atomic-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('writeGoodAndBad', () => {
  const output = () => ({ goodPath: join(directory, 'good.tsv'), badPath: join(directory, 'bad.ndjson') });

  it('publishes both files under their names once the run succeeds, and returns what the run returned', async () => {
    const result = await writeGoodAndBad(output(), async (good, bad) => {
      good.writeLine('a\tb');
      await bad.writeBytes(Buffer.from('{"bad":1}\n'));
      return 'done';
    });
    expect(result).toBe('done');
    expect((await readdir(directory)).sort()).toEqual(['bad.ndjson', 'good.tsv']);
    expect(await readFile(output().goodPath, 'utf8')).toBe('a\tb\n');
    expect(await readFile(output().badPath, 'utf8')).toBe('{"bad":1}\n');
  });

  it('publishes neither file, and leaves no temporary file, when the run fails after writing', async () => {
    const failed = writeGoodAndBad(output(), async (good, bad) => {
      good.writeLine('a\tb');
      await good.flush();
      await bad.writeBytes(Buffer.from('{"bad":1}\n'));
      throw new Error('input went away');
    });
    await expect(failed).rejects.toThrow('input went away');
    expect(await readdir(directory)).toEqual([]);
  });
});
