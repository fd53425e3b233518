import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEnricher, enrichConfigSchema } from '../../enrich/index.ts';
import { replayCommand } from './replay.ts';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-replay-cli-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('snowline replay', () => {
  it('replays a bad-row file through a fix module into replayed/', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const { bad } = enricher.enrich({
      schema: 'iglu:io.snowline/raw_record/jsonschema/1-0-0', id: '00000000-0000-4000-8000-0000000000aa', ipAddress: '203.0.113.7',
      timestamp: Date.UTC(2024, 0, 1), encoding: 'UTF-8', collector: 'snowline-0.1.0', userAgent: null, refererUri: null, path: '/i',
      querystring: 'e=pv&p=toaster', body: null, headers: [], contentType: null, hostname: null, networkUserId: '',
    });
    const badPath = join(directory, 'raw-1.ndjson');
    await writeFile(badPath, `${JSON.stringify(bad[0])}\n`);
    const fixPath = join(directory, 'fix.mjs');
    await writeFile(fixPath, "export function fix(row) { for (const p of row.data.payload.raw.parameters) if (p.name === 'p') p.value = 'iot'; return row; }\n");
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await replayCommand.run(['--bad', badPath, '--fix', fixPath])).toBe(0);
      expect(String(stdout.mock.calls.at(-1)?.[0])).toMatch(/^1 bad rows: 1 events now good/);
    } finally {
      stdout.mockRestore();
    }
    const line = (await readFile(join(directory, 'replayed', 'raw-1.tsv'), 'utf8')).replace(/\n$/, '');
    expect(line.split('\t')[1]).toBe('iot');
  });

  it('requires --bad', async () => {
    await expect(replayCommand.run([])).rejects.toThrow('--bad is required');
  });
});
