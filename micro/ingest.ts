// Feeding the Micro store: from the collector's sealed raw files (enriched here, in process) or from the
// enriched and bad files that `snowline start` has just loaded.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { decodeCollectorPayload, formatViolationRow, fromTsv, type BadRow, type Enricher, type EnrichedEvent } from '../enrich/index.ts';
import type { MicroEventStore } from './event-store.ts';
import { badEvent, goodEvent, parametersOf, rawEventView } from './micro-event.ts';

async function* linesOf(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield line;
}

export interface IngestListeners {
  /** Called with every good event (for `--output-tsv` / `--output-json`). */
  readonly onGood?: (event: EnrichedEvent) => void;
}

/** Enriches every record of a sealed raw file into the store; returns the number of good and bad records. */
export async function ingestRawFile(file: string, enricher: Enricher, store: MicroEventStore, listeners: IngestListeners = {}): Promise<{ good: number; bad: number }> {
  let good = 0;
  let bad = 0;
  for await (const line of linesOf(file)) {
    const decoded = decodeCollectorPayload(line);
    if (!decoded.ok) {
      store.addBad(badEvent(formatViolationRow(line, decoded.message, Date.now()), null));
      bad++;
      continue;
    }
    const payload = decoded.payload;
    const result = enricher.enrich(payload);
    const parameters = parametersOf(payload);
    result.good.forEach((event, index) => {
      store.addGood(goodEvent(event, rawEventView(payload, parameters[index] ?? parameters[0] ?? {})), event, payload.timestamp);
      listeners.onGood?.(event);
    });
    for (const row of result.bad) store.addBad(badEvent(row, payload), payload.timestamp);
    good += result.good.length;
    bad += result.bad.length;
  }
  return { good, bad };
}

/** Adds an enriched TSV file and its bad-row file (as written by the pipeline) to the store. */
export async function ingestEnrichedFiles(goodPath: string, badPath: string | undefined, store: MicroEventStore): Promise<void> {
  for await (const line of linesOf(goodPath)) {
    const event = fromTsv(line);
    store.addGood(goodEvent(event, null), event, event.collector_tstamp ?? Date.now());
  }
  if (!badPath || !existsSync(badPath)) return;
  for await (const line of linesOf(badPath)) {
    store.addBad(badEvent(JSON.parse(line) as BadRow, null));
  }
}
