// Re-feeds bad rows to enrich, optionally after a user fix, without creating duplicates: every replayed event gets
// the id it would have had (its `eid`, or the id derived from its raw record id and position, both carried by the
// bad row), events already replayed in this run are not written twice, and the outputs are written atomically
// under names derived from the input, so replaying the same file again replaces rather than adds.

import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { RawEvent } from '../adapters/raw-event.ts';
import type { Parameters } from '../adapters/querystring.ts';
import { badRowType, type BadRow } from '../model/bad-row.ts';
import { RAW_RECORD_SCHEMA, decodeCollectorPayload, type CollectorPayload } from '../model/collector-payload.ts';
import { toTsv } from '../model/tsv.ts';
import { writeGoodAndBad, type AtomicFileWriter } from '../output/atomic-file-writer.ts';
import type { EnrichResult, Enricher } from '../pipeline/enricher.ts';
import type { RawEventForBadRow } from '../pipeline/event-bad-row.ts';

/** A user fix: gets each bad row (a copy) and returns it changed, or null to leave it out of the replay. */
export type BadRowFix = (row: BadRow) => BadRow | null | undefined;

export interface ReplayCounts {
  /** Bad rows read. */
  rows: number;
  /** Bad rows the fix left out. */
  leftOut: number;
  /** Bad rows that carry nothing to replay (unknown type or payload). */
  unreplayable: number;
  /** Good events written. */
  good: number;
  /** Good events not written because an event with the same id was already replayed in this run. */
  duplicates: number;
  /** Bad rows written (rows still failing, and unreplayable ones, kept as they were). */
  stillBad: number;
}

function payloadFromRawEvent(raw: RawEventForBadRow): CollectorPayload {
  return {
    schema: RAW_RECORD_SCHEMA,
    id: raw.rawRecordId,
    ipAddress: raw.ipAddress,
    timestamp: raw.timestampMs,
    encoding: 'UTF-8',
    collector: raw.collector,
    userAgent: raw.useragent,
    refererUri: raw.refererUri,
    path: '',
    querystring: '',
    body: null,
    headers: raw.headers,
    contentType: raw.contentType,
    hostname: raw.hostname,
    networkUserId: raw.userId,
  };
}

/** What a bad row can be replayed from, or null. */
function replayInput(row: BadRow): { kind: 'payload'; payload: CollectorPayload } | { kind: 'event'; raw: RawEvent } | null {
  const type = badRowType(row);
  const payload = row.data.payload as Record<string, unknown> | string | null;
  if (type === 'collector_payload_format_violation' && typeof payload === 'string') {
    const decoded = decodeCollectorPayload(payload);
    return decoded.ok ? { kind: 'payload', payload: decoded.payload } : null;
  }
  if ((type === 'adapter_failures' || type === 'tracker_protocol_violations') && typeof payload === 'object' && payload !== null) {
    const decoded = decodeCollectorPayload(JSON.stringify(payload.rawRecord));
    return decoded.ok ? { kind: 'payload', payload: decoded.payload } : null;
  }
  if ((type === 'schema_violations' || type === 'enrichment_failures') && typeof payload === 'object' && payload !== null) {
    const raw = payload.raw as RawEventForBadRow | undefined;
    if (raw === undefined || !Array.isArray(raw.parameters) || typeof raw.rawRecordId !== 'string') return null;
    const parameters = Object.create(null) as Parameters;
    for (const { name, value } of raw.parameters) if (typeof name === 'string' && typeof value === 'string') parameters[name] = value;
    return {
      kind: 'event',
      raw: { vendor: raw.vendor, version: raw.version, parameters, decodeErrors: [], payload: payloadFromRawEvent(raw), index: raw.eventIndex },
    };
  }
  return null;
}

export async function replayBadRows(
  badPath: string,
  output: { goodPath: string; badPath: string },
  enricher: Enricher,
  fix: BadRowFix | null,
): Promise<ReplayCounts> {
  const input = await open(badPath, 'r');
  try {
    return await writeGoodAndBad(output, (good, stillBad) => replayRows(input, good, stillBad, enricher, fix));
  } finally {
    await input.close().catch(() => undefined);
  }
}

/** Replays every row of `input` (fixed by `fix` when given) into `good` and `stillBad`. */
async function replayRows(
  input: FileHandle,
  good: AtomicFileWriter,
  stillBad: AtomicFileWriter,
  enricher: Enricher,
  fix: BadRowFix | null,
): Promise<ReplayCounts> {
  const counts: ReplayCounts = { rows: 0, leftOut: 0, unreplayable: 0, good: 0, duplicates: 0, stillBad: 0 };
  const seenEventIds = new Set<string>();
  const lines = createInterface({ input: input.createReadStream({ encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    counts.rows++;
    let row: BadRow;
    try {
      row = JSON.parse(line) as BadRow;
    } catch {
      counts.unreplayable++;
      counts.stillBad++;
      stillBad.writeLine(line);
      continue;
    }
    const fixed = fix === null ? row : fix(structuredClone(row));
    if (fixed === null || fixed === undefined) {
      counts.leftOut++;
      continue;
    }
    const source = replayInput(fixed);
    if (source === null) {
      counts.unreplayable++;
      counts.stillBad++;
      stillBad.writeLine(JSON.stringify(fixed));
      continue;
    }
    const result: EnrichResult = source.kind === 'payload' ? enricher.enrich(source.payload) : enricher.enrichRawEvent(source.raw);
    let flush = false;
    for (const event of result.good) {
      if (seenEventIds.has(event.event_id!)) {
        counts.duplicates++;
        continue;
      }
      seenEventIds.add(event.event_id!);
      flush = good.writeLine(toTsv(event)) || flush;
      counts.good++;
    }
    for (const badRow of result.bad) {
      flush = stillBad.writeLine(JSON.stringify(badRow)) || flush;
      counts.stillBad++;
    }
    if (flush) {
      await good.flush();
      await stillBad.flush();
    }
  }
  return counts;
}

/** Loads a fix script: an ES module whose default export (or export named `fix`) is a BadRowFix. */
export async function loadFix(path: string): Promise<BadRowFix> {
  const { pathToFileURL } = await import('node:url');
  const { resolve } = await import('node:path');
  const module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown; fix?: unknown };
  const fix = module.default ?? module.fix;
  if (typeof fix !== 'function') throw new Error(`${path} must export a function fix(badRow) (default export or named fix)`);
  return fix as BadRowFix;
}
