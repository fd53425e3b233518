// The raw record handed from the collector to enrich: one JSON object per received request, one per line.
// Field names follow Snowplow's CollectorPayload (thrift 1-0-0); `id` is Snowline's addition, from which enrich
// derives event ids for trackers that send no `eid`, so re-processing a raw file gives the same ids.

export const RAW_RECORD_SCHEMA = 'iglu:io.snowline/raw_record/jsonschema/1-0-0';

export interface CollectorPayload {
  readonly schema: typeof RAW_RECORD_SCHEMA;
  /** Unique id of this record (UUID v4, lower case). */
  readonly id: string;
  readonly ipAddress: string;
  /** Collector receive time, ms since the epoch. */
  readonly timestamp: number;
  readonly encoding: 'UTF-8';
  /** Collector name and version, e.g. `snowline-0.1.0`; becomes `v_collector`. */
  readonly collector: string;
  readonly userAgent: string | null;
  readonly refererUri: string | null;
  /** Request path after alias mapping, e.g. `/i` or `/com.snowplowanalytics.snowplow/tp2`. */
  readonly path: string;
  /** Raw query string, not decoded, without the leading `?` (empty string when there is none). */
  readonly querystring: string;
  /** Request body as text (absent for GET). */
  readonly body: string | null;
  /** Every request header as `Name: value`. */
  readonly headers: readonly string[];
  /** Lower-cased Content-Type, or null. */
  readonly contentType: string | null;
  readonly hostname: string | null;
  /** Network user id (the collector cookie value, or the all-zero id for anonymous requests). */
  readonly networkUserId: string;
}

export type DecodedPayload = { ok: true; payload: CollectorPayload } | { ok: false; message: string };

export function encodeCollectorPayload(payload: CollectorPayload): string {
  return JSON.stringify(payload);
}

const STRING_FIELDS = ['id', 'ipAddress', 'encoding', 'collector', 'path', 'querystring', 'networkUserId'] as const;
const NULLABLE_STRING_FIELDS = ['userAgent', 'refererUri', 'body', 'contentType', 'hostname'] as const;

function allStrings(values: readonly unknown[]): boolean {
  for (let index = 0; index < values.length; index++) if (typeof values[index] !== 'string') return false;
  return true;
}

function isNullableString(value: unknown): boolean {
  return value === null || value === undefined || typeof value === 'string';
}

// The common case, every field of the right type, is checked by a function generated from the two lists: one
// named property load per field, which V8 compiles to direct loads (a loop with computed keys costs more per
// record). The loops in decodeCollectorPayload run only when it fails, to name the culprit.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function fieldLoad(field: string): string {
  if (!FIELD_NAME.test(field)) throw new Error(`not a raw record field name: ${field}`);
  return `record.${field}`;
}
const hasFieldTypes = new Function(
  `return function hasFieldTypes(record) { let value; return ${[
    ...STRING_FIELDS.map((field) => `typeof ${fieldLoad(field)} === 'string'`),
    ...NULLABLE_STRING_FIELDS.map((field) => `((value = ${fieldLoad(field)}) == null || typeof value === 'string')`),
  ].join(' && ')}; };`,
)() as (record: Record<string, unknown>) => boolean;

/** Parses one NDJSON line of a raw file; never throws. */
export function decodeCollectorPayload(line: string): DecodedPayload {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, message: `raw record is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'raw record is not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  if (record.schema !== RAW_RECORD_SCHEMA) {
    return { ok: false, message: `raw record schema must be ${RAW_RECORD_SCHEMA}, got ${JSON.stringify(record.schema)}` };
  }
  if (!hasFieldTypes(record)) {
    for (const key of STRING_FIELDS) {
      if (typeof record[key] !== 'string') return { ok: false, message: `raw record field ${key} must be a string` };
    }
    for (const key of NULLABLE_STRING_FIELDS) {
      if (!isNullableString(record[key])) return { ok: false, message: `raw record field ${key} must be a string or null` };
    }
  }
  if (typeof record.timestamp !== 'number' || !Number.isFinite(record.timestamp)) {
    return { ok: false, message: 'raw record field timestamp must be a number of ms' };
  }
  if (!Array.isArray(record.headers) || !allStrings(record.headers)) {
    return { ok: false, message: 'raw record field headers must be an array of strings' };
  }
  const payload: CollectorPayload = {
    schema: RAW_RECORD_SCHEMA,
    id: record.id as string,
    ipAddress: record.ipAddress as string,
    timestamp: record.timestamp,
    encoding: 'UTF-8',
    collector: record.collector as string,
    userAgent: (record.userAgent as string | undefined) ?? null,
    refererUri: (record.refererUri as string | undefined) ?? null,
    path: record.path as string,
    querystring: record.querystring as string,
    body: (record.body as string | undefined) ?? null,
    headers: record.headers as string[],
    contentType: (record.contentType as string | undefined) ?? null,
    hostname: (record.hostname as string | undefined) ?? null,
    networkUserId: record.networkUserId as string,
  };
  return { ok: true, payload };
}
