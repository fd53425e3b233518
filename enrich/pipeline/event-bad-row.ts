// The bad row of one event that failed validation or an enrichment: the messages, and a payload holding the
// partially enriched event and the raw event (its parameters and what the collector recorded). Snowline adds
// the raw record id and the event's index so `snowline replay` re-derives the same event id.

import type { RawEvent } from '../adapters/raw-event.ts';
import { makeBadRow, type BadRow, type Processor } from '../model/bad-row.ts';
import type { EnrichedEvent } from '../model/enriched-event.ts';
import { eventAsTextRecord } from '../model/tsv-values.ts';

export interface RawEventForBadRow {
  vendor: string;
  version: string;
  parameters: { name: string; value: string }[];
  contentType: string | null;
  loaderName: string;
  encoding: string;
  hostname: string | null;
  timestamp: string;
  ipAddress: string;
  useragent: string | null;
  refererUri: string | null;
  headers: readonly string[];
  userId: string;
  collector: string;
  rawRecordId: string;
  eventIndex: number;
  timestampMs: number;
}

export function rawEventForBadRow(raw: RawEvent): RawEventForBadRow {
  const payload = raw.payload;
  const parameters: { name: string; value: string }[] = [];
  for (const name in raw.parameters) parameters.push({ name, value: raw.parameters[name]! });
  return {
    vendor: raw.vendor,
    version: raw.version,
    parameters,
    contentType: payload.contentType,
    loaderName: 'snowline-ndjson',
    encoding: payload.encoding,
    hostname: payload.hostname,
    timestamp: new Date(payload.timestamp).toISOString(),
    ipAddress: payload.ipAddress,
    useragent: payload.userAgent,
    refererUri: payload.refererUri,
    headers: payload.headers,
    userId: payload.networkUserId,
    collector: payload.collector,
    rawRecordId: payload.id,
    eventIndex: raw.index,
    timestampMs: payload.timestamp,
  };
}

export function eventBadRow(
  type: 'schema_violations' | 'enrichment_failures',
  processor: Processor,
  failureTimestampMs: number,
  messages: readonly unknown[],
  event: EnrichedEvent,
  raw: RawEvent,
): BadRow {
  return makeBadRow(
    type,
    processor,
    { timestamp: new Date(failureTimestampMs).toISOString(), messages },
    { enriched: eventAsTextRecord(event), raw: rawEventForBadRow(raw) },
  );
}
