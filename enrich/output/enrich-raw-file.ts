// Batch enrichment of one raw input file into a good TSV file and a bad-row NDJSON file. The input is streamed
// (gzip is detected and unpacked on the fly); both outputs appear together only when complete (written to
// `.tmp`, fsynced, renamed), so a crash leaves no partial output and a re-run is safe.
// Inputs: Snowline NDJSON raw records, or 2013-era CloudFront / Clojure-collector access logs. Plain NDJSON is
// read in chunks of whole records and enriched by the same code as a batch worker runs; the rest line by line.

import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BufferPool } from '../batch/buffer-pool.ts';
import { enrichChunksInOrder } from '../batch/enrich-chunks-in-order.ts';
import { enrichRecordBytes } from '../batch/enrich-lines.ts';
import { AccessLogReader, detectInputFormat, type AccessLogFormat } from '../legacy/access-log.ts';
import { decodeCollectorPayload, type DecodedPayload } from '../model/collector-payload.ts';
import { toTsv } from '../model/tsv.ts';
import type { Enricher } from '../pipeline/enricher.ts';
import { writeGoodAndBad, type AtomicFileWriter } from './atomic-file-writer.ts';
import { formatViolationRow } from './format-violation-row.ts';

export interface RawFileCounts {
  records: number;
  good: number;
  bad: number;
  /** Events dropped by the JavaScript enrichment. */
  dropped: number;
  /** Access-log lines that are not tracker requests (favicon, health checks) or headers. */
  skipped: number;
}

export type InputFormat = 'auto' | 'raw' | AccessLogFormat;

export interface EnrichFileOptions {
  readonly format?: InputFormat;
  /** Called after each flushed chunk and at the end, with the compressed bytes read so far. */
  readonly onProgress?: (counts: RawFileCounts, bytesRead: number) => void;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const OPENING_BRACE = 0x7b;
/** Bytes of a file's start that `isGzipHead` and `isPlainNdjsonHead` look at. */
const HEAD_BYTES = 2;

/** Whether a file starts with the gzip magic number; `head` holds its first `bytesRead` bytes. */
function isGzipHead(head: Uint8Array, bytesRead: number): boolean {
  return bytesRead >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/**
 * Whether a file is plain NDJSON raw records, read in chunks of whole records (and in batch mode enriched by
 * workers): not gzip, and either forced to `raw` or, detected, starting with `{`. `head` holds the file's first
 * `bytesRead` bytes.
 */
export function isPlainNdjsonHead(head: Uint8Array, bytesRead: number, format: InputFormat): boolean {
  if (isGzipHead(head, bytesRead)) return false;
  if (format === 'raw') return true;
  return format === 'auto' && bytesRead > 0 && head[0] === OPENING_BRACE;
}

/** How a file's first bytes say it is read: gzip unpacked line by line, or plain NDJSON in chunks of records. */
export interface InputHead {
  readonly gzipped: boolean;
  readonly plainNdjson: boolean;
}

/** Reads the start of an open input file and classifies it; `format` is the format asked for. */
export async function readInputHead(handle: FileHandle, format: InputFormat): Promise<InputHead> {
  const head = Buffer.alloc(HEAD_BYTES);
  const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
  return { gzipped: isGzipHead(head, bytesRead), plainNdjson: isPlainNdjsonHead(head, bytesRead, format) };
}

type LineDecoder = (line: string, lineNumber: number) => DecodedPayload | { kind: 'skip' };

function decoderFor(format: 'raw' | AccessLogFormat, inputPath: string): LineDecoder {
  if (format === 'raw') return (line) => decodeCollectorPayload(line);
  const reader = new AccessLogReader(format, basename(inputPath));
  return (line, lineNumber) => {
    const read = reader.read(line, lineNumber);
    return 'kind' in read ? { kind: 'skip' } : read;
  };
}

/** Plain NDJSON raw records, read in chunks of whole records; returns what was written. */
async function enrichNdjsonChunks(
  handle: FileHandle,
  good: AtomicFileWriter,
  bad: AtomicFileWriter,
  enricher: Enricher,
  onProgress: EnrichFileOptions['onProgress'],
): Promise<RawFileCounts> {
  // Buffers are reused chunk after chunk: fresh memory costs a page fault per 4 KiB, which showed as more CPU
  // than the writes themselves. One pool serves the input and the output: a chunk is written before the next
  // is read.
  const buffers = new BufferPool(4);
  const enrichChunk = (bytes: Uint8Array) => enrichRecordBytes(bytes, enricher, buffers);
  return enrichChunksInOrder(handle, good, bad, enrichChunk, 1, { input: buffers, output: buffers }, onProgress);
}

/** Any input line by line: gzip unpacked on the fly, the format detected from the first line unless given. */
async function enrichLines(
  handle: FileHandle,
  gzipped: boolean,
  inputPath: string,
  good: AtomicFileWriter,
  bad: AtomicFileWriter,
  enricher: Enricher,
  options: EnrichFileOptions,
): Promise<RawFileCounts> {
  const file = handle.createReadStream({ highWaterMark: 1 << 16, autoClose: false });
  const stream: Readable = gzipped ? file.pipe(createGunzip()) : file;
  if (gzipped) file.on('error', (error) => stream.destroy(error));
  stream.setEncoding('utf8');
  const bytesRead = () => file.bytesRead;
  // The line reader is created right before iterating: lines it emits earlier would be lost.
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const counts: RawFileCounts = { records: 0, good: 0, bad: 0, dropped: 0, skipped: 0 };
  let decode: LineDecoder | null = null;
  let loader = 'snowline-ndjson';
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line === '') continue;
      if (decode === null) {
        const format = options.format === undefined || options.format === 'auto' ? detectInputFormat(line) : options.format;
        decode = decoderFor(format, inputPath);
        if (format !== 'raw') loader = format;
      }
      const decoded = decode(line, lineNumber);
      let flush = false;
      if ('kind' in decoded) {
        counts.skipped++;
        continue;
      }
      counts.records++;
      if (!decoded.ok) {
        flush = bad.writeLine(JSON.stringify(formatViolationRow(line, decoded.message, Date.now(), loader)));
        counts.bad++;
      } else {
        const result = enricher.usesNetwork ? await enricher.enrichAsync(decoded.payload) : enricher.enrich(decoded.payload);
        for (const event of result.good) flush = good.writeLine(toTsv(event)) || flush;
        for (const row of result.bad) flush = bad.writeLine(JSON.stringify(row)) || flush;
        counts.good += result.good.length;
        counts.bad += result.bad.length;
        counts.dropped += result.dropped;
      }
      if (flush) {
        await good.flush();
        await bad.flush();
        options.onProgress?.(counts, bytesRead());
      }
    }
  } finally {
    stream.destroy();
  }
  options.onProgress?.(counts, bytesRead());
  return counts;
}

export async function enrichRawFile(
  inputPath: string,
  output: { goodPath: string; badPath: string },
  enricher: Enricher,
  options: EnrichFileOptions = {},
): Promise<RawFileCounts> {
  // Opened first so that a missing input fails before any output file exists.
  const handle = await open(inputPath, 'r');
  try {
    const { gzipped, plainNdjson } = await readInputHead(handle, options.format ?? 'auto');
    return await writeGoodAndBad(output, (good, bad) =>
      plainNdjson
        ? enrichNdjsonChunks(handle, good, bad, enricher, options.onProgress)
        : enrichLines(handle, gzipped, inputPath, good, bad, enricher, options),
    );
  } finally {
    await handle.close();
  }
}
