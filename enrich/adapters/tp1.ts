// Tracker protocol over GET `/i` (and the pre-2013 `/ice.png`): the query string is one event.

import type { CollectorPayload } from '../model/collector-payload.ts';
import type { ParameterError } from '../pipeline/map-parameters.ts';
import { parseQuerystring } from './querystring.ts';
import type { AdapterResult } from './raw-event.ts';

export const TP1_VENDOR = 'com.snowplowanalytics.snowplow';
export const TP1_VERSION = 'tp1';

export function adaptTp1(payload: CollectorPayload): AdapterResult {
  if (payload.querystring === '') {
    return {
      ok: false,
      failure: {
        kind: 'adapter_failures',
        vendor: TP1_VENDOR,
        version: TP1_VERSION,
        messages: [{ field: 'querystring', value: null, expectation: 'empty querystring: not a valid tracker protocol event' }],
      },
    };
  }
  const decodeErrors: ParameterError[] = [];
  const parameters = parseQuerystring(payload.querystring, decodeErrors);
  return { ok: true, events: [{ vendor: TP1_VENDOR, version: TP1_VERSION, parameters, decodeErrors, payload, index: 0 }] };
}
