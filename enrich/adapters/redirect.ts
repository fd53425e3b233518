// Click redirects through the collector (`/r/tp2?u=<target>&…`, reference: snowplow-modern.md §2.6). With an
// event type, a `uri_redirect` entity is put first in the event's entities; without one the event becomes a
// `uri_redirect` self-describing event. `tv` is forced to `r-tp2`, `p` defaults to `web`, `u` is removed.

import type { CollectorPayload } from '../model/collector-payload.ts';
import type { ParameterError } from '../pipeline/map-parameters.ts';
import { CONTEXTS_OUTPUT_SCHEMA, UNSTRUCT_SCHEMA, decodeBase64Lenient } from '../pipeline/self-describing.ts';
import { parseQuerystring, type Parameters } from './querystring.ts';
import type { AdapterMessage, AdapterResult } from './raw-event.ts';

export const REDIRECT_VENDOR = 'r';
export const REDIRECT_VERSION = 'tp2';
export const URI_REDIRECT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0';

function violation(messages: AdapterMessage[]): AdapterResult {
  return { ok: false, failure: { kind: 'tracker_protocol_violations', vendor: REDIRECT_VENDOR, version: REDIRECT_VERSION, messages } };
}

export function adaptRedirect(payload: CollectorPayload): AdapterResult {
  if (payload.querystring === '') return violation([{ field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect' }]);
  const decodeErrors: ParameterError[] = [];
  const query = parseQuerystring(payload.querystring, decodeErrors);
  const target = query.u;
  if (target === undefined || target === '') return violation([{ field: 'querystring', value: payload.querystring, expectation: 'missing `u` parameter: not a valid URI redirect' }]);
  const redirect = { schema: URI_REDIRECT_SCHEMA, data: { uri: target } };
  const parameters = Object.create(null) as Parameters;
  for (const name in query) if (name !== 'u') parameters[name] = query[name]!;
  parameters.tv = 'r-tp2';
  parameters.p ??= 'web';
  if (parameters.e === undefined) {
    parameters.e = 'ue';
    parameters.ue_pr = JSON.stringify({ schema: UNSTRUCT_SCHEMA, data: redirect });
  } else {
    const existingText = parameters.co ?? (parameters.cx === undefined ? undefined : decodeBase64Lenient(parameters.cx) ?? undefined);
    if (parameters.cx !== undefined && existingText === undefined) {
      return violation([{ field: 'cx', value: parameters.cx, error: 'invalid base64 (or the decoded bytes are not UTF-8)' }]);
    }
    let existing: unknown[] = [];
    if (existingText !== undefined) {
      try {
        const parsed = JSON.parse(existingText) as { data?: unknown };
        if (!Array.isArray(parsed.data)) throw new Error('contexts data is not an array');
        existing = parsed.data;
      } catch (error) {
        return violation([{ field: parameters.co !== undefined ? 'co' : 'cx', value: existingText, error: `invalid json: ${(error as Error).message}` }]);
      }
    }
    delete parameters.cx;
    parameters.co = JSON.stringify({ schema: CONTEXTS_OUTPUT_SCHEMA, data: [redirect, ...existing] });
  }
  return { ok: true, events: [{ vendor: REDIRECT_VENDOR, version: REDIRECT_VERSION, parameters, decodeErrors, payload, index: 0 }] };
}
