// Tracker protocol v2 (`/com.snowplowanalytics.snowplow/tp2`), with the strictness of Enrich's Tp2Adapter
// (reference: snowplow-modern.md §1.1): exact JSON content types, a `payload_data` envelope whose events hold
// only string values, and query-string parameters merged into every event of a POST batch, winning on clashes.

import type { CollectorPayload } from '../model/collector-payload.ts';
import type { ParameterError } from '../pipeline/map-parameters.ts';
import { parseQuerystring, type Parameters } from './querystring.ts';
import type { AdapterMessage, AdapterResult, RawEvent } from './raw-event.ts';

export const TP2_VENDOR = 'com.snowplowanalytics.snowplow';
export const TP2_VERSION = 'tp2';
export const PAYLOAD_DATA_CRITERION = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-*';
const PAYLOAD_DATA_SCHEMA = /^iglu:com\.snowplowanalytics\.snowplow\/payload_data\/jsonschema\/1-0-\d+$/;

export const JSON_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
]);

/** Validates the whole envelope against its exact Iglu schema; returns the failure messages (none when valid). */
export type EnvelopeValidator = (envelope: { schema: string; data: unknown }) => AdapterMessage[];

function violation(messages: AdapterMessage[], vendor = TP2_VENDOR, version = TP2_VERSION): AdapterResult {
  return { ok: false, failure: { kind: 'tracker_protocol_violations', vendor, version, messages } };
}

function describeNonString(value: unknown): string {
  return value === null ? 'value cannot be null' : 'value is not a string';
}

/** Checks the `payload_data` envelope; returns its events as parameter maps, or the messages of what is wrong. */
export function readPayloadData(
  body: string,
  validateEnvelope: EnvelopeValidator | null,
): { ok: true; events: Record<string, string>[] } | { ok: false; messages: AdapterMessage[] } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, messages: [{ field: 'body', value: body, error: `invalid json: ${(error as Error).message}` }] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, messages: [{ field: 'body', value: body, expectation: 'a self-describing JSON object' }] };
  }
  const envelope = json as { schema?: unknown; data?: unknown };
  if (typeof envelope.schema !== 'string' || !('data' in envelope)) {
    return { ok: false, messages: [{ field: 'body', value: body, expectation: 'a self-describing JSON with schema and data' }] };
  }
  if (!PAYLOAD_DATA_SCHEMA.test(envelope.schema)) {
    return { ok: false, messages: [{ schemaKey: envelope.schema, schemaCriterion: PAYLOAD_DATA_CRITERION }] };
  }
  const data = envelope.data;
  if (!Array.isArray(data) || data.length === 0) {
    return { ok: false, messages: [{ field: 'data', value: JSON.stringify(data) ?? null, expectation: 'a non-empty array of events' }] };
  }
  const messages: AdapterMessage[] = [];
  for (let index = 0; index < data.length; index++) {
    const item: unknown = data[index];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      messages.push({ field: `data[${index}]`, value: JSON.stringify(item) ?? null, expectation: 'an object' });
      continue;
    }
    for (const key in item) {
      const value = (item as Record<string, unknown>)[key];
      if (typeof value !== 'string') {
        messages.push({ field: `data[${index}].${key}`, value: JSON.stringify(value) ?? null, error: describeNonString(value) });
      }
    }
  }
  if (messages.length > 0) return { ok: false, messages };
  if (validateEnvelope !== null) {
    const schemaMessages = validateEnvelope({ schema: envelope.schema, data });
    if (schemaMessages.length > 0) return { ok: false, messages: schemaMessages };
  }
  return { ok: true, events: data as Record<string, string>[] };
}

function mergeQuerystring(event: Record<string, string>, querystringParameters: Parameters): Parameters {
  const merged = Object.create(null) as Parameters;
  for (const key in event) merged[key] = event[key]!;
  for (const key in querystringParameters) merged[key] = querystringParameters[key]!;
  return merged;
}

export function adaptTp2(payload: CollectorPayload, validateEnvelope: EnvelopeValidator | null): AdapterResult {
  const hasBody = payload.body !== null && payload.body !== '';
  const contentType = payload.contentType;
  const decodeErrors: ParameterError[] = [];
  const querystringParameters = parseQuerystring(payload.querystring, decodeErrors);

  if (!hasBody) {
    const messages: AdapterMessage[] = [];
    if (contentType !== null) {
      messages.push({ field: 'body', value: null, expectation: 'empty body: not a valid track protocol event' });
    }
    if (payload.querystring === '') {
      if (contentType === null) {
        messages.push({ field: 'body', value: null, expectation: 'empty body: not a valid track protocol event' });
      }
      messages.push({ field: 'querystring', value: null, expectation: 'empty querystring: not a valid track protocol event' });
    }
    if (messages.length > 0) return violation(messages);
    const event: RawEvent = { vendor: TP2_VENDOR, version: TP2_VERSION, parameters: querystringParameters, decodeErrors, payload, index: 0 };
    return { ok: true, events: [event] };
  }
  if (contentType === null || !JSON_CONTENT_TYPES.has(contentType)) {
    return violation([
      {
        field: 'contentType',
        value: contentType,
        expectation: `expected one of ${[...JSON_CONTENT_TYPES].join(', ')}`,
      },
    ]);
  }
  const read = readPayloadData(payload.body!, validateEnvelope);
  if (!read.ok) return violation(read.messages);
  const hasQuerystring = payload.querystring !== '';
  const events = read.events.map(
    (parameters, index): RawEvent => ({
      vendor: TP2_VENDOR,
      version: TP2_VERSION,
      parameters: hasQuerystring ? mergeQuerystring(parameters, querystringParameters) : parameters,
      decodeErrors,
      payload,
      index,
    }),
  );
  return { ok: true, events };
}
