import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSinkForTarget, filesTargetSchema } from '../targets.ts';
import { makeBatch } from './conformance.ts';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'slfilesink-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const sink = (overrides: object = {}) =>
  createSinkForTarget(filesTargetSchema.parse({ type: 'files', name: 'local', directory, flushIntervalMs: 0, ...overrides }));
const parts = (folder: string) => readdirSync(path.join(directory, folder)).sort();

describe('files sink', () => {
  it('seals a part once it reaches maxPartBytes, so readers only ever see whole parts', async () => {
    const files = sink({ maxPartBytes: 3_000 });
    await files.open();
    for (let index = 0; index < 4; index++) {
      await files.write(makeBatch(5, 0));
      await files.flush();
    }
    const sealedBeforeClose = parts('good');
    expect(sealedBeforeClose.length).toBeGreaterThanOrEqual(1);
    for (const part of sealedBeforeClose) expect(part).toMatch(/^part-\d{14}-\d+-\d+\.tsv$/);
    await files.close();
    const lines = parts('good').flatMap((part) => readFileSync(path.join(directory, 'good', part), 'utf8').split('\n').filter((text) => text !== ''));
    expect(lines).toHaveLength(20);
    expect(readdirSync(path.join(directory, '.open')).filter((name) => name.startsWith('part-'))).toEqual([]);
  });

  it('seals a part once it has been open for maxPartAgeMs, on the next flush tick', async () => {
    const files = sink({ maxPartAgeMs: 200, flushIntervalMs: 50 });
    await files.open();
    await files.write(makeBatch(2, 1));
    await files.flush();
    expect(parts('good')).toEqual([]);
    for (let waited = 0; parts('bad').length === 0 && waited < 5_000; waited += 50) await sleep(50);
    expect(parts('good')).toHaveLength(1);
    expect(parts('bad')).toHaveLength(1);
    await files.close();
  });

  it('gzips sealed parts', async () => {
    const files = sink({ gzip: true });
    await files.open();
    const batch = makeBatch(3, 2);
    await files.write(batch);
    await files.close();
    const [good] = parts('good');
    expect(good).toMatch(/\.tsv\.gz$/);
    expect(gunzipSync(readFileSync(path.join(directory, 'good', good!))).toString('utf8')).toBe(batch.good.map((line) => line + '\n').join(''));
  });

  it('after a crash, cuts an open part back to its last whole batch before sealing it', async () => {
    const files = sink();
    await files.open();
    const batch = makeBatch(2, 0);
    await files.write(batch);
    await files.flush();
    // What a crash mid-write leaves: bytes after the last journaled batch, and a journal line cut short.
    const [open] = readdirSync(path.join(directory, '.open')).filter((name) => name.endsWith('.tsv'));
    appendFileSync(path.join(directory, '.open', open!), 'half a li');
    appendFileSync(path.join(directory, '.open', 'journal.ndjson'), '{"batchId":"tor');
    const restarted = sink();
    await restarted.open();
    await restarted.write(batch);
    const next = makeBatch(1, 0);
    await restarted.write(next);
    await restarted.close();
    const lines = parts('good').flatMap((part) => readFileSync(path.join(directory, 'good', part), 'utf8').split('\n').filter((text) => text !== ''));
    expect(lines).toEqual([...batch.good, ...next.good]);
    expect(restarted.stats().batchesAlreadyStored).toBe(1);
  });
});
