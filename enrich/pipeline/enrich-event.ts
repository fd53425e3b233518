// One raw event in, exactly one result out: a good event, a bad row, or (only by the JavaScript enrichment's
// explicit choice) a drop. Three phases as in Enrich (reference: snowplow-modern.md §4.1): map and validate
// the input, run the enrichments, validate what the enrichments produced.

import type { RawEvent } from '../adapters/raw-event.ts';
import { createEmptyEvent, type EnrichedEvent } from '../model/enriched-event.ts';
import { isFormattableTimestamp } from '../model/timestamp.ts';
import { parseQuerystring } from '../adapters/querystring.ts';
import { tsvSafe } from './conversions.ts';
import { deriveEventId } from './event-id.ts';
import { eventSchema } from './event-schema.ts';
import type { Enrichment, EnrichmentContext, EnrichmentFailureMessage } from './enrichment.ts';
import { mapParameters, type ParameterError } from './map-parameters.ts';
import {
  contextsJson,
  decodeContexts,
  decodeUnstruct,
  unstructJson,
  type DecodeOptions,
  type SchemaViolationMessage,
  type SelfDescribing,
} from './self-describing.ts';
import { splitUrl } from './url-split.ts';
import { checkFieldLengths, type FieldLengthPolicy } from './field-lengths.ts';
import { legacyScreenViewEvent } from './legacy-screen-view.ts';

export const ATOMIC_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0';

export interface EventPipeline {
  readonly etlVersion: string;
  readonly decode: DecodeOptions;
  readonly enrichments: readonly Enrichment[];
  /** Validates an entity added by an enrichment (phase 3); null when valid or when validation is off. */
  readonly validateDerived: ((instance: SelfDescribing) => SchemaViolationMessage | null) | null;
  readonly fieldLengths: FieldLengthPolicy;
}

export type EventOutcome =
  | { kind: 'good'; event: EnrichedEvent; extraEvents: EnrichedEvent[] }
  | { kind: 'dropped' }
  | { kind: 'schema_violations'; event: EnrichedEvent; messages: SchemaViolationMessage[] }
  | { kind: 'enrichment_failures'; event: EnrichedEvent; messages: EnrichmentFailureMessage[] };

function atomicViolation(errors: readonly ParameterError[]): SchemaViolationMessage {
  return {
    schemaKey: ATOMIC_SCHEMA,
    error: {
      error: 'ValidationError',
      dataReports: errors.map((error) => ({
        message: `${error.field}: ${error.error}`,
        path: `$.${error.field}`,
        keyword: 'format',
        targets: [error.value],
      })),
    },
  };
}

function builtInFailure(field: string, value: string | null, expectation: string): EnrichmentFailureMessage {
  return { enrichment: null, message: { field, value, expectation } };
}

/** derived_tstamp (snowplow-modern.md §1.5): corrects the collector time by the device's send delay. */
function derivedTimestamp(event: EnrichedEvent): number | null {
  if (event.true_tstamp !== null) return event.true_tstamp;
  const created = event.dvce_created_tstamp;
  const sent = event.dvce_sent_tstamp;
  const collected = event.collector_tstamp;
  if (collected === null) return null;
  if (created !== null && sent !== null && created < sent) return collected - (sent - created);
  return collected;
}

export function enrichEvent(raw: RawEvent, etlTimestampMs: number, pipeline: EventPipeline): EventOutcome {
  const payload = raw.payload;
  const event = createEmptyEvent();
  const parameterErrors: ParameterError[] = raw.decodeErrors.length > 0 ? [...raw.decodeErrors] : [];
  const violations: SchemaViolationMessage[] = [];

  // Phase 1: what the collector knew, then every tracker parameter (which may override it).
  event.v_collector = tsvSafe(payload.collector);
  event.v_etl = pipeline.etlVersion;
  event.etl_tstamp = etlTimestampMs;
  event.network_userid = tsvSafe(payload.networkUserId);
  event.user_ipaddress = tsvSafe(payload.ipAddress);
  event.useragent = payload.userAgent === null ? null : tsvSafe(payload.userAgent);
  if (isFormattableTimestamp(payload.timestamp)) event.collector_tstamp = payload.timestamp;
  else parameterErrors.push({ field: 'collector_tstamp', value: String(payload.timestamp), error: 'not a timestamp with a year from 0 to 9999' });

  const mapped = mapParameters(raw.parameters, event, parameterErrors);
  if (event.event_id === null && raw.parameters.eid === undefined) event.event_id = deriveEventId(payload.id, raw.index);

  let contexts: SelfDescribing[] = [];
  const contextsText = mapped.contextsJson ?? mapped.contextsBase64;
  if (contextsText !== null) {
    const field = mapped.contextsJson !== null ? 'co' : 'cx';
    contexts = decodeContexts(field, contextsText, pipeline.decode, violations) ?? [];
  }
  let unstruct: SelfDescribing | null = null;
  const unstructText = mapped.unstructJson ?? mapped.unstructBase64;
  if (mapped.legacyScreenView !== null) {
    unstruct = legacyScreenViewEvent(mapped.legacyScreenView, event.event_id, pipeline.decode, violations);
  } else if (unstructText !== null) {
    unstruct = decodeUnstruct(mapped.unstructJson !== null ? 'ue_pr' : 'ue_px', unstructText, pipeline.decode, violations);
  }
  if (parameterErrors.length > 0) violations.unshift(atomicViolation(parameterErrors));
  if (violations.length > 0) {
    event.contexts = contextsJson(contexts);
    if (unstruct !== null) event.unstruct_event = unstructJson(unstruct);
    return { kind: 'schema_violations', event, messages: violations };
  }

  // Phase 2: the built-in enrichments, then the configured ones in their fixed order.
  const failures: EnrichmentFailureMessage[] = [];
  if (event.v_collector === null) failures.push(builtInFailure('v_collector', null, 'a collector version'));
  if (event.page_url === null && payload.refererUri !== null) event.page_url = tsvSafe(payload.refererUri);
  if (event.page_url !== null) {
    const parts = splitUrl(event.page_url);
    if (parts === null) {
      failures.push(builtInFailure('page_url', event.page_url, 'an absolute URL scheme://host/path'));
    } else {
      event.page_urlscheme = parts.scheme;
      event.page_urlhost = parts.host;
      event.page_urlport = parts.port;
      event.page_urlpath = parts.path;
      event.page_urlquery = parts.query;
      event.page_urlfragment = parts.fragment;
    }
  }
  // A referrer that is not an absolute URL (browser junk, app deep links without `//`) is kept but not split.
  if (event.page_referrer !== null) {
    const parts = splitUrl(event.page_referrer);
    if (parts !== null) {
      event.refr_urlscheme = parts.scheme;
      event.refr_urlhost = parts.host;
      event.refr_urlport = parts.port;
      event.refr_urlpath = parts.path;
      event.refr_urlquery = parts.query;
      event.refr_urlfragment = parts.fragment;
    }
  }
  event.derived_tstamp = derivedTimestamp(event);
  const schema = eventSchema(event.event, unstruct);
  if (schema === null) {
    failures.push(
      builtInFailure(
        'event',
        event.event,
        mapped.eventTypeMissing ? 'an event type (parameter e)' : 'a self-describing event (ue_pr or ue_px) for e=ue',
      ),
    );
  } else {
    event.event_vendor = schema.vendor;
    event.event_name = schema.name;
    event.event_format = schema.format;
    event.event_version = schema.version;
  }

  let pageQuery: ReadonlyMap<string, string> | null | undefined;
  const context: EnrichmentContext = {
    raw,
    contexts,
    unstruct,
    derivedContexts: [],
    pageQuery() {
      if (pageQuery === undefined) {
        if (event.page_urlquery === null) {
          pageQuery = null;
        } else {
          const parameters = parseQuerystring(event.page_urlquery, []);
          const query = new Map<string, string>();
          for (const name in parameters) query.set(name, parameters[name]!);
          pageQuery = query;
        }
      }
      return pageQuery;
    },
    revalidate: false,
    dropped: false,
    extraEvents: [],
  };
  if (failures.length === 0) {
    for (const enrichment of pipeline.enrichments) {
      const messages = enrichment.apply(event, context);
      if (messages !== null && messages.length > 0) failures.push(...messages);
      if (context.dropped) return { kind: 'dropped' };
    }
  }
  event.contexts = contextsJson(context.contexts);
  event.unstruct_event = context.unstruct === null ? null : unstructJson(context.unstruct);
  event.derived_contexts = contextsJson(context.derivedContexts);
  if (failures.length > 0) return { kind: 'enrichment_failures', event, messages: failures };

  // Phase 3: what the enrichments produced must be valid too: derived entities against their schemas, and every
  // atomic field within its column's length.
  const phase3: SchemaViolationMessage[] = [];
  if (pipeline.validateDerived !== null) {
    const revalidated = context.revalidate ? [...context.contexts, ...(context.unstruct === null ? [] : [context.unstruct])] : [];
    for (const entity of [...revalidated, ...context.derivedContexts]) {
      const failure = pipeline.validateDerived(entity);
      if (failure !== null) phase3.push(failure);
    }
  }
  const lengthErrors = checkFieldLengths(event, pipeline.fieldLengths);
  if (lengthErrors.length > 0) phase3.push(atomicViolation(lengthErrors));
  if (phase3.length > 0) return { kind: 'schema_violations', event, messages: phase3 };
  return { kind: 'good', event, extraEvents: context.extraEvents };
}
