// The Iglu webhook (`/com.snowplowanalytics.iglu/v1`, reference: snowplow-modern.md §4.1): any system can send a
// self-describing event without a tracker. GET: `schema=<iglu uri>` and the other query parameters as the
// event's (string) properties. POST: a JSON body that is either the whole self-describing JSON or the
// properties of the `schema` named in the query string; or a form-encoded body of properties. `aid` and `p`
// in the query string become app_id and platform (default `app`) instead of properties.

import type { CollectorPayload } from '../model/collector-payload.ts';
import type { ParameterError } from '../pipeline/map-parameters.ts';
import { UNSTRUCT_SCHEMA } from '../pipeline/self-describing.ts';
import { parseQuerystring, type Parameters } from './querystring.ts';
import type { AdapterMessage, AdapterResult } from './raw-event.ts';

export const IGLU_VENDOR = 'com.snowplowanalytics.iglu';
export const IGLU_VERSION = 'v1';
const TRACKER_VERSION = 'com.snowplowanalytics.iglu-v1';
const ATOMIC_PARAMETERS = new Set(['schema', 'aid', 'p']);

function failure(messages: AdapterMessage[]): AdapterResult {
  return { ok: false, failure: { kind: 'adapter_failures', vendor: IGLU_VENDOR, version: IGLU_VERSION, messages } };
}

function propertiesOf(parameters: Parameters): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const name in parameters) if (!ATOMIC_PARAMETERS.has(name)) properties[name] = parameters[name]!;
  return properties;
}

export function adaptIgluWebhook(payload: CollectorPayload): AdapterResult {
  const decodeErrors: ParameterError[] = [];
  const query = parseQuerystring(payload.querystring, decodeErrors);
  let schema = query.schema ?? null;
  let data: unknown;
  const body = payload.body;
  if (body === null || body === '') {
    if (payload.querystring === '') return failure([{ field: 'querystring', value: null, expectation: 'a query string with schema and properties' }]);
    data = propertiesOf(query);
  } else if (payload.contentType !== null && payload.contentType.startsWith('application/json')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      return failure([{ field: 'body', value: body, error: `invalid json: ${(error as Error).message}` }]);
    }
    const selfDescribing = typeof json === 'object' && json !== null && typeof (json as { schema?: unknown }).schema === 'string' && 'data' in json;
    if (selfDescribing && schema === null) {
      schema = (json as { schema: string }).schema;
      data = (json as { data: unknown }).data;
    } else {
      data = json;
    }
  } else if (payload.contentType !== null && payload.contentType.startsWith('application/x-www-form-urlencoded')) {
    data = propertiesOf(parseQuerystring(body, decodeErrors));
  } else {
    return failure([{ field: 'contentType', value: payload.contentType, expectation: 'application/json or application/x-www-form-urlencoded' }]);
  }
  if (schema === null) return failure([{ field: 'schema', value: null, expectation: 'an Iglu schema URI in the schema parameter or the body' }]);
  const parameters = Object.create(null) as Parameters;
  parameters.e = 'ue';
  parameters.p = query.p ?? 'app';
  parameters.tv = TRACKER_VERSION;
  if (query.aid !== undefined) parameters.aid = query.aid;
  parameters.ue_pr = JSON.stringify({ schema: UNSTRUCT_SCHEMA, data: { schema, data } });
  return { ok: true, events: [{ vendor: IGLU_VENDOR, version: IGLU_VERSION, parameters, decodeErrors, payload, index: 0 }] };
}
