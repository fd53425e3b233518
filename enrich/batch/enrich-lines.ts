// Enriches a chunk of NDJSON raw-record bytes into TSV bytes and bad-row bytes: the unit of work of a batch worker
// (and of the main thread when it enriches a raw file itself).

import { decodeCollectorPayload } from '../model/collector-payload.ts';
import { toTsv } from '../model/tsv.ts';
import { formatViolationRow } from '../output/format-violation-row.ts';
import type { EnrichResult, Enricher } from '../pipeline/enricher.ts';
import type { BufferPool } from './buffer-pool.ts';
import { ByteSink } from './byte-sink.ts';
import type { ChunkCounts, EnrichedChunk } from './worker-protocol.ts';

/** The line breaks Node's readline recognises (crlfDelay Infinity), so both batch paths cut records alike. */
const LINE_BREAK = /\r?\n|\r(?!\n)/;
const NEWLINE = 0x0a;

/**
 * Enriches every record of a chunk of NDJSON bytes; the output buffers come from `buffers`, and `bytes.buffer` is
 * handed back as the chunk's input buffer.
 * Each line is decoded on its own: a string of the whole chunk would be a large object, which V8 frees only in
 * full collections, so dead chunk texts would pile up by the dozen.
 */
export async function enrichRecordBytes(bytes: Uint8Array, enricher: Enricher, buffers: BufferPool): Promise<EnrichedChunk> {
  // Enriched TSV takes about 1.4 times the bytes of its raw records: one buffer usually holds the whole chunk.
  const good = new ByteSink(bytes.byteLength * 2, buffers);
  const bad = new ByteSink(1 << 12, buffers);
  const counts: Counts = { records: 0, goodCount: 0, badCount: 0, dropped: 0 };
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  while (start < source.length) {
    let end = source.indexOf(NEWLINE, start);
    if (end === -1) end = source.length;
    // Decoded as readline decodes: invalid bytes become U+FFFD, a byte-order mark is kept.
    const text = source.toString('utf8', start, end);
    start = end + 1;
    if (text.includes('\r')) {
      for (const line of text.split(LINE_BREAK)) await enrichLine(line, enricher, good, bad, counts);
    } else {
      const waiting = enrichLine(text, enricher, good, bad, counts);
      if (waiting !== undefined) await waiting;
    }
  }
  return { good: good.take(), bad: bad.take(), ...counts, input: bytes.buffer as ArrayBuffer };
}

/** A chunk's counts while they are being added up. */
type Counts = { -readonly [K in keyof ChunkCounts]: ChunkCounts[K] };

/** Enriches one line into the sinks; returns a promise only when the enricher had to go to the network. */
function enrichLine(line: string, enricher: Enricher, good: ByteSink, bad: ByteSink, counts: Counts): Promise<void> | undefined {
  if (line === '') return undefined;
  counts.records++;
  const decoded = decodeCollectorPayload(line);
  if (!decoded.ok) {
    bad.writeLine(JSON.stringify(formatViolationRow(line, decoded.message, Date.now())));
    counts.badCount++;
    return undefined;
  }
  if (enricher.usesNetwork) return enricher.enrichAsync(decoded.payload).then((result) => writeResult(result, good, bad, counts));
  writeResult(enricher.enrich(decoded.payload), good, bad, counts);
  return undefined;
}

function writeResult(result: EnrichResult, good: ByteSink, bad: ByteSink, counts: Counts): void {
  for (const event of result.good) good.writeLine(toTsv(event));
  for (const row of result.bad) bad.writeLine(JSON.stringify(row));
  counts.goodCount += result.good.length;
  counts.badCount += result.bad.length;
  counts.dropped += result.dropped;
}
