import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RawFileSink } from './raw-file-sink.ts';

/** Copies each sealed file's NDJSON records to standard output (or another stream), for piping into other tools. */
export function createStdoutRawSink(output: Writable = process.stdout): RawFileSink {
  return {
    id: 'stdout',
    async ship(sealedPath) {
      await pipeline(createReadStream(sealedPath), output, { end: false });
    },
    async close() {},
  };
}
