// Batch enrichment of one NDJSON raw file into a good TSV file and a bad-row NDJSON file. The input is
// streamed line by line; both outputs appear together only when complete (written to `.tmp`, fsynced, renamed),
// so a crash leaves no partial output and a re-run is safe.

import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { decodeCollectorPayload } from '../model/collector-payload.ts';
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
}

const PROCESSOR: Processor = { artifact: ENRICH_ARTIFACT, version: ENRICH_VERSION };

/** The bad row of a line that is not a valid raw record; the line itself is the payload. */
export function formatViolationRow(line: string, message: string, now: number): BadRow {
  return makeBadRow(
    'collector_payload_format_violation',
    PROCESSOR,
    { timestamp: new Date(now).toISOString(), loader: 'snowline-ndjson', message: { error: message } },
    line,
  );
}

export async function enrichRawFile(
  inputPath: string,
  output: { goodPath: string; badPath: string },
  enricher: Enricher,
  onProgress?: (counts: RawFileCounts, bytesRead: number) => void,
): Promise<RawFileCounts> {
  // Opened first so that a missing input fails before any output file exists.
  const inputHandle = await open(inputPath, 'r');
  const good = await AtomicFileWriter.create(output.goodPath);
  const bad = await AtomicFileWriter.create(output.badPath);
  // The line reader is created right before iterating: lines it emits earlier would be lost.
  const input = inputHandle.createReadStream({ encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const counts: RawFileCounts = { records: 0, good: 0, bad: 0, dropped: 0 };
  try {
    for await (const line of lines) {
      if (line === '') continue;
      counts.records++;
      const decoded = decodeCollectorPayload(line);
      let flush = false;
      if (!decoded.ok) {
        flush = bad.writeLine(JSON.stringify(formatViolationRow(line, decoded.message, Date.now())));
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
        onProgress?.(counts, input.bytesRead);
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
    input.destroy();
  }
  onProgress?.(counts, input.bytesRead);
  return counts;
}
