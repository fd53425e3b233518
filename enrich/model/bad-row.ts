// Bad rows in the shapes of snowplow-badrows 2.3.0 (reference: snowplow-modern.md §4.4): a self-describing
// JSON whose payload carries enough to replay the event (`snowline replay`).

import type { CollectorPayload } from './collector-payload.ts';

export interface BadRow {
  schema: string;
  data: { processor: { artifact: string; version: string }; failure: unknown; payload: unknown };
}

export const BAD_ROW_SCHEMAS = {
  collector_payload_format_violation: 'iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0',
  adapter_failures: 'iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0',
  tracker_protocol_violations: 'iglu:com.snowplowanalytics.snowplow.badrows/tracker_protocol_violations/jsonschema/1-0-1',
  schema_violations: 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1',
  enrichment_failures: 'iglu:com.snowplowanalytics.snowplow.badrows/enrichment_failures/jsonschema/2-0-1',
  size_violation: 'iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0',
} as const;

export type BadRowType = keyof typeof BAD_ROW_SCHEMAS;

export interface Processor {
  readonly artifact: string;
  readonly version: string;
}

/** The type of a bad row (`schema_violations`, …) from its schema URI. */
export function badRowType(row: BadRow): BadRowType | null {
  for (const [type, schema] of Object.entries(BAD_ROW_SCHEMAS)) if (schema === row.schema) return type as BadRowType;
  return null;
}

/** The collector payload as adapter failures carry it, plus Snowline's raw record id so replay can rebuild it. */
export function collectorPayloadForBadRow(payload: CollectorPayload, vendor: string, version: string): Record<string, unknown> {
  return {
    vendor,
    version,
    querystring: payload.querystring === '' ? [] : payload.querystring.split('&').map((pair) => {
      const equals = pair.indexOf('=');
      return equals === -1 ? { name: pair, value: null } : { name: pair.slice(0, equals), value: pair.slice(equals + 1) };
    }),
    contentType: payload.contentType,
    body: payload.body,
    collector: payload.collector,
    encoding: payload.encoding,
    hostname: payload.hostname,
    timestamp: new Date(payload.timestamp).toISOString(),
    ipAddress: payload.ipAddress,
    useragent: payload.userAgent,
    refererUri: payload.refererUri,
    headers: payload.headers,
    networkUserId: payload.networkUserId,
    rawRecord: payload,
  };
}

export function makeBadRow(type: BadRowType, processor: Processor, failure: unknown, payload: unknown): BadRow {
  return { schema: BAD_ROW_SCHEMAS[type], data: { processor: { artifact: processor.artifact, version: processor.version }, failure, payload } };
}
