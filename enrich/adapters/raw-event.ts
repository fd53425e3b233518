// What an adapter makes of a collector payload: zero or more raw events, each a flat map of tracker-protocol
// parameters, or a failure for the whole payload.

import type { CollectorPayload } from '../model/collector-payload.ts';
import type { ParameterError } from '../pipeline/map-parameters.ts';
import type { Parameters } from './querystring.ts';

export interface RawEvent {
  readonly vendor: string;
  readonly version: string;
  readonly parameters: Parameters;
  /** Parameters that could not be decoded (invalid UTF-8, …): they make this event a bad row. */
  readonly decodeErrors: readonly ParameterError[];
  readonly payload: CollectorPayload;
  /** Position of the event in its raw record, from which its id is derived when `eid` is absent. */
  readonly index: number;
}

export type AdapterMessage =
  | { field: string; value: string | null; expectation: string }
  | { field: string; value: string | null; error: string }
  | { schemaKey: string; schemaCriterion: string }
  | { schemaKey: string; error: unknown };

export interface AdapterFailure {
  readonly kind: 'adapter_failures' | 'tracker_protocol_violations';
  readonly vendor: string;
  readonly version: string;
  readonly messages: readonly AdapterMessage[];
}

export type AdapterResult = { ok: true; events: RawEvent[] } | { ok: false; failure: AdapterFailure };
