// Batch enrichment of one raw input file into a good TSV file and a bad-row NDJSON file. The input is streamed
// line by line (gzip is detected and unpacked on the fly); both outputs appear together only when complete
// (written to `.tmp`, fsynced, renamed), so a crash leaves no partial output and a re-run is safe.
// Inputs: Snowline NDJSON raw records, or 2013-era CloudFront / Clojure-collector access logs.

import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AccessLogReader, detectInputFormat, type AccessLogFormat } from '../legacy/access-log.ts';
import { decodeCollectorPayload, type DecodedPayload } from '../model/collector-payload.ts';
import { makeBadRow, type BadRow, type Processor } from '../model/bad-row.ts';
import { toTsv } from '../model/tsv.ts';
import type { Enricher } from '../pipeline/enricher.ts';
import { AtomicFileWriter } from './atomic-file-writer.ts';
import { ENRICH_ARTIFACT, ENRICH_VERSION } from '../version.ts';

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

const PROCESSOR: Processor = { artifact: ENRICH_ARTIFACT, version: ENRICH_VERSION };
const GZIP_MAGIC = [0x1f, 0x8b];

/** The bad row of a line that is not a valid raw record; the line itself is the payload. */
export function formatViolationRow(line: string, message: string, now: number, loader = 'snowline-ndjson'): BadRow {
  return makeBadRow('collector_payload_format_violation', PROCESSOR, { timestamp: new Date(now).toISOString(), loader, message: { error: message } }, line);
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

async function openInput(inputPath: string): Promise<{ stream: Readable; bytesRead: () => number }> {
  const handle = await open(inputPath, 'r');
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  const file = handle.createReadStream({ highWaterMark: 1 << 16 });
  const gzipped = magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1];
  const stream = gzipped ? file.pipe(createGunzip()) : file;
  if (gzipped) file.on('error', (error) => stream.destroy(error));
  stream.setEncoding('utf8');
  return { stream, bytesRead: () => file.bytesRead };
}

export async function enrichRawFile(
  inputPath: string,
  output: { goodPath: string; badPath: string },
  enricher: Enricher,
  options: EnrichFileOptions = {},
): Promise<RawFileCounts> {
  // Opened first so that a missing input fails before any output file exists.
  const input = await openInput(inputPath);
  const good = await AtomicFileWriter.create(output.goodPath);
  const bad = await AtomicFileWriter.create(output.badPath);
  // The line reader is created right before iterating: lines it emits earlier would be lost.
  const lines = createInterface({ input: input.stream, crlfDelay: Infinity });
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
        options.onProgress?.(counts, input.bytesRead());
      }
    }
    await good.seal();
    await bad.seal();
    await good.publish();
    await bad.publish();
  } catch (error) {
    await good.abandon();
    await bad.abandon();
    throw error;
  } finally {
    input.stream.destroy();
  }
  options.onProgress?.(counts, input.bytesRead());
  return counts;
}
