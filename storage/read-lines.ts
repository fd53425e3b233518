// Reads newline-separated text from a stream in chunks of lines, never holding a whole file in memory and
// handing the event loop back regularly, so loading a large file does not stall a collector in the same process.
import { createReadStream } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

const MAX_BUSY_MS = 10;

/** Opens a file for line reading, gunzipping it when its name ends in `.gz`. */
export function openTextFile(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  return path.endsWith('.gz') ? file.pipe(createGunzip()).once('close', () => file.destroy()) : file;
}

/**
 * Yields the lines of a stream, a chunk's worth at a time, without their `\n` (a trailing `\r` is kept:
 * the caller decides what it means). The last line need not end with a newline. Yields to the event loop
 * at least every 10 ms of work.
 */
export async function* readLineChunks(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let busySince = performance.now();
  for await (const chunk of input) {
    const text = partial + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    const lines = text.split('\n');
    partial = lines.pop()!;
    if (lines.length > 0) yield lines;
    if (performance.now() - busySince > MAX_BUSY_MS) {
      await yieldToEventLoop();
      busySince = performance.now();
    }
  }
  partial += decoder.end();
  if (partial !== '') yield [partial];
}
