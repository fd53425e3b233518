import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableQueue, QueueFullError } from './durable-queue.ts';

describe('durable queue', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'snowline-queue-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = { maxBytes: 1_000_000, segmentBytes: 200 };

  it('has every appended record on disk when the append resolves, and gives back the uncommitted ones after a reopen', async () => {
    const queue = await DurableQueue.open<{ n: number }>(dir, options);
    await Promise.all(Array.from({ length: 10 }, (_, n) => queue.append({ n })));
    const onDisk = readdirSync(dir).filter((name) => name.endsWith('.log')).map((name) => readFileSync(path.join(dir, name), 'utf8')).join('');
    expect(onDisk.match(/"n":\d+/g)).toHaveLength(10);
    expect(queue.peek(3)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    await queue.commit(4);
    await queue.close();
    const reopened = await DurableQueue.open<{ n: number }>(dir, options);
    expect(reopened.peek(100)).toEqual(Array.from({ length: 6 }, (_, n) => ({ n: n + 4 })));
    expect(reopened.depth).toBe(6);
    await reopened.close();
  });

  it('writes a group as soon as it holds 64 KiB instead of waiting for the end of its group-commit window', async () => {
    const queue = await DurableQueue.open<{ text: string }>(dir, { maxBytes: 10_000_000, segmentBytes: 10_000_000, groupCommitMs: 3_600_000 });
    // A small record alone waits for its window to end (an hour here): its append has not resolved 50 ms later.
    let smallWritten = false;
    const small = queue.append({ text: 'small' }).then(() => {
      smallWritten = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(smallWritten).toBe(false);
    // 100 records of about 1 KiB: the window ends once 64 KiB wait, and the write takes everything appended by then.
    const appends = Array.from({ length: 100 }, (_, n) => queue.append({ text: String(n).padEnd(1000, '.') }));
    await Promise.all([small, ...appends]);
    expect(smallWritten).toBe(true);
    expect(queue.depth).toBe(1 + 100);
    await queue.close();
  });

  it('cuts a torn last line off at open and keeps everything before it', async () => {
    const queue = await DurableQueue.open<{ n: number }>(dir, { ...options, segmentBytes: 1_000_000 });
    await queue.append({ n: 1 });
    await queue.append({ n: 2 });
    await queue.close();
    const segment = readdirSync(dir).find((name) => name.endsWith('.log'))!;
    appendFileSync(path.join(dir, segment), '0badc0de {"n":3');
    const reopened = await DurableQueue.open<{ n: number }>(dir, options);
    expect(reopened.peek(10)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(reopened.repairedBytes).toBe('0badc0de {"n":3'.length);
    await reopened.close();
  });

  it('refuses appends beyond maxBytes and takes them again once records are forwarded', async () => {
    const queue = await DurableQueue.open<{ text: string }>(dir, { maxBytes: 100, segmentBytes: 1000 });
    await queue.append({ text: 'a'.repeat(40) });
    await expect(queue.append({ text: 'b'.repeat(40) })).rejects.toBeInstanceOf(QueueFullError);
    expect(queue.depth).toBe(1);
    await queue.commit(1);
    await queue.append({ text: 'b'.repeat(40) });
    expect(queue.peek(5)).toEqual([{ text: 'b'.repeat(40) }]);
    await queue.close();
  });

  it('starts new segments and deletes forwarded ones, after the caller has saved what it derives from them', async () => {
    const saved: number[] = [];
    const queue = await DurableQueue.open<{ n: number }>(dir, { maxBytes: 1_000_000, segmentBytes: 50, beforeDeleteSegments: async () => void saved.push(queue.depth) });
    for (let n = 0; n < 12; n++) await queue.append({ n });
    const segmentsBefore = readdirSync(dir).filter((name) => name.endsWith('.log')).length;
    expect(segmentsBefore).toBeGreaterThan(3);
    await queue.commit(12);
    expect(saved.length).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((name) => name.endsWith('.log')).length).toBe(1);
    await queue.close();
    const reopened = await DurableQueue.open<{ n: number }>(dir, options);
    expect(reopened.depth).toBe(0);
    await reopened.close();
  });

  it('deletes the segments it found at open once their records are forwarded', async () => {
    const queue = await DurableQueue.open<{ n: number }>(dir, { maxBytes: 1_000_000, segmentBytes: 50 });
    for (let n = 0; n < 12; n++) await queue.append({ n });
    await queue.close();
    const reopened = await DurableQueue.open<{ n: number }>(dir, { maxBytes: 1_000_000, segmentBytes: 50 });
    expect(reopened.depth).toBe(12);
    const segments = () => readdirSync(dir).filter((name) => name.endsWith('.log')).length;
    expect(segments()).toBeGreaterThan(3);
    await reopened.commit(12);
    expect(segments()).toBe(1);
    await reopened.close();
  });
});
