import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordChunks } from './record-chunks.ts';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-chunks-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function chunksOf(content: string | Buffer, chunkBytes: number): Promise<{ texts: string[]; bytesRead: number[]; ownBuffers: boolean }> {
  const path = join(directory, `input-${Math.random()}`);
  await writeFile(path, content);
  const handle = await open(path, 'r');
  const texts: string[] = [];
  const bytesRead: number[] = [];
  const buffers = new Set<ArrayBufferLike>();
  try {
    for await (const chunk of readRecordChunks(handle, { chunkBytes })) {
      texts.push(Buffer.from(chunk.bytes).toString('utf8'));
      bytesRead.push(chunk.bytesRead);
      buffers.add(chunk.bytes.buffer);
    }
  } finally {
    await handle.close();
  }
  return { texts, bytesRead, ownBuffers: buffers.size === texts.length };
}

describe('reading a raw file as chunks of whole records', () => {
  it('cuts every chunk after a newline and loses no byte', async () => {
    const lines = Array.from({ length: 50 }, (_, index) => `{"n":${index},"pad":"${'x'.repeat(index % 7)}"}`);
    const content = `${lines.join('\n')}\n`;
    const { texts, bytesRead, ownBuffers } = await chunksOf(content, 64);
    expect(texts.join('')).toBe(content);
    for (const text of texts) expect(text.endsWith('\n')).toBe(true);
    expect(texts.length).toBeGreaterThan(5);
    expect(bytesRead.at(-1)).toBe(Buffer.byteLength(content));
    expect(ownBuffers).toBe(true);
  });

  it('keeps a record longer than the chunk size whole', async () => {
    const long = `{"long":"${'y'.repeat(1000)}"}`;
    const content = `{"a":1}\n${long}\n{"b":2}\n`;
    const { texts } = await chunksOf(content, 64);
    expect(texts.join('')).toBe(content);
    expect(texts.some((text) => text.includes(long))).toBe(true);
  });

  it('gives the last record even without a final newline, and never splits a multi-byte character', async () => {
    const content = `{"é":"ü€😀"}\n`.repeat(20) + '{"last":true}';
    const { texts } = await chunksOf(Buffer.from(content, 'utf8'), 16);
    expect(texts.join('')).toBe(content);
    expect(texts.at(-1)!.endsWith('{"last":true}')).toBe(true);
  });

  it('yields nothing for an empty file', async () => {
    expect((await chunksOf('', 64)).texts).toEqual([]);
  });
});
