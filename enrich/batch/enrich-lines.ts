// Enriches a batch of NDJSON raw-record lines into TSV text and bad-row text: the unit of work of a batch worker.

import { decodeCollectorPayload } from '../model/collector-payload.ts';
import { toTsv } from '../model/tsv.ts';
import { formatViolationRow } from '../output/enrich-raw-file.ts';
import type { Enricher } from '../pipeline/enricher.ts';
import type { BatchReply, BatchRequest } from './worker-protocol.ts';

export async function enrichLines(request: BatchRequest, enricher: Enricher): Promise<BatchReply> {
  let good = '';
  let bad = '';
  let records = 0;
  let goodCount = 0;
  let badCount = 0;
  let dropped = 0;
  for (const line of request.lines) {
    if (line === '') continue;
    records++;
    const decoded = decodeCollectorPayload(line);
    if (!decoded.ok) {
      bad += JSON.stringify(formatViolationRow(line, decoded.message, Date.now())) + '\n';
      badCount++;
      continue;
    }
    const result = enricher.usesNetwork ? await enricher.enrichAsync(decoded.payload) : enricher.enrich(decoded.payload);
    for (const event of result.good) good += toTsv(event) + '\n';
    for (const row of result.bad) bad += JSON.stringify(row) + '\n';
    goodCount += result.good.length;
    badCount += result.bad.length;
    dropped += result.dropped;
  }
  return { id: request.id, good, bad, records, goodCount, badCount, dropped };
}
