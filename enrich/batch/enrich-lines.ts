// Enriches a chunk of NDJSON raw-record text into TSV bytes and bad-row bytes: the unit of work of a batch worker
// (and of the main thread when it enriches a raw file itself).

import { decodeCollectorPayload } from '../model/collector-payload.ts';
import { toTsv } from '../model/tsv.ts';
import { formatViolationRow } from '../output/format-violation-row.ts';
import type { Enricher } from '../pipeline/enricher.ts';
import type { BufferPool } from './buffer-pool.ts';
import { ByteSink } from './byte-sink.ts';
import type { ChunkCounts } from './worker-protocol.ts';

export interface ChunkOutput extends ChunkCounts {
  readonly good: Uint8Array;
  readonly bad: Uint8Array;
}

/** The line breaks Node's readline recognises (crlfDelay Infinity), so both batch paths cut records alike. */
const LINE_BREAK = /\r?\n|\r(?!\n)/;

/** Enriches every record of `text`; the output buffers come from `buffers` when given. */
export async function enrichRecordText(text: string, enricher: Enricher, buffers?: BufferPool): Promise<ChunkOutput> {
  // Enriched TSV takes about 1.4 times the bytes of its raw records: one buffer usually holds the whole chunk.
  const good = new ByteSink(text.length * 2, buffers);
  const bad = new ByteSink(1 << 12, buffers);
  let records = 0;
  let goodCount = 0;
  let badCount = 0;
  let dropped = 0;
  const lines = text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
  for (const line of lines) {
    if (line === '') continue;
    records++;
    const decoded = decodeCollectorPayload(line);
    if (!decoded.ok) {
      bad.writeLine(JSON.stringify(formatViolationRow(line, decoded.message, Date.now())));
      badCount++;
      continue;
    }
    const result = enricher.usesNetwork ? await enricher.enrichAsync(decoded.payload) : enricher.enrich(decoded.payload);
    for (const event of result.good) good.writeLine(toTsv(event));
    for (const row of result.bad) bad.writeLine(JSON.stringify(row));
    goodCount += result.good.length;
    badCount += result.bad.length;
    dropped += result.dropped;
  }
  return { good: good.take(), bad: bad.take(), records, goodCount, badCount, dropped };
}
