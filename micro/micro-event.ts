// The records Micro keeps: good events with the request they came from, and bad rows. Shapes follow Snowplow
// Micro's GoodEvent/BadEvent so existing test harnesses read them unchanged.
import type { BadRow, CollectorPayload, EnrichedEvent } from '../enrich/index.ts';
import { entitiesOf, eventToJson } from './event-json.ts';

export interface RawEventView {
  readonly api: { readonly vendor: string; readonly version: string };
  readonly parameters: Record<string, string>;
  readonly contentType: string | null;
  readonly source: { readonly name: string; readonly encoding: string; readonly hostname: string | null };
  readonly context: {
    readonly timestamp: string;
    readonly ipAddress: string;
    readonly useragent: string | null;
    readonly refererUri: string | null;
    readonly headers: readonly string[];
    readonly userId: string;
  };
}

export interface GoodEvent {
  readonly rawEvent: RawEventView | null;
  readonly eventType: string | null;
  readonly schema: string | null;
  readonly contexts: readonly string[];
  readonly event: Record<string, unknown>;
}

export interface BadEvent {
  readonly collectorPayload: CollectorPayload | null;
  readonly rawEvent: RawEventView | null;
  readonly errors: readonly string[];
  /** Snowline addition: the bad row itself, for the inspector. */
  readonly badRow: BadRow;
}

export type StoredEvent =
  | { readonly kind: 'good'; readonly seq: number; readonly receivedAt: number; readonly good: GoodEvent; readonly enriched: EnrichedEvent }
  | { readonly kind: 'bad'; readonly seq: number; readonly receivedAt: number; readonly bad: BadEvent };

function apiOf(path: string): { vendor: string; version: string } {
  if (path === '/i' || path.startsWith('/ice.png')) return { vendor: 'com.snowplowanalytics.snowplow', version: 'tp1' };
  const match = /^\/?([^/]+)\/([^/]+)\/?$/.exec(path);
  return match ? { vendor: match[1]!, version: match[2]! } : { vendor: '', version: '' };
}

/** The tracker parameters of each event of a request: the querystring, merged into each POSTed event. */
export function parametersOf(payload: CollectorPayload): Record<string, string>[] {
  const query = Object.fromEntries(new URLSearchParams(payload.querystring));
  if (!payload.body) return [query];
  try {
    const body = JSON.parse(payload.body) as { data?: unknown };
    if (!Array.isArray(body.data)) return [query];
    return body.data.map((event) => ({ ...(event as Record<string, string>), ...query }));
  } catch {
    return [query];
  }
}

export function rawEventView(payload: CollectorPayload, parameters: Record<string, string>): RawEventView {
  return {
    api: apiOf(payload.path),
    parameters,
    contentType: payload.contentType,
    source: { name: payload.collector, encoding: payload.encoding, hostname: payload.hostname },
    context: {
      timestamp: new Date(payload.timestamp).toISOString(),
      ipAddress: payload.ipAddress,
      useragent: payload.userAgent,
      refererUri: payload.refererUri,
      headers: payload.headers,
      userId: payload.networkUserId,
    },
  };
}

export function goodEvent(enriched: EnrichedEvent, raw: RawEventView | null): GoodEvent {
  const schema =
    enriched.event_vendor && enriched.event_name && enriched.event_format && enriched.event_version
      ? `iglu:${enriched.event_vendor}/${enriched.event_name}/${enriched.event_format}/${enriched.event_version}`
      : null;
  return {
    rawEvent: raw,
    eventType: enriched.event,
    schema,
    contexts: entitiesOf(enriched.contexts).map((entity) => entity.schema),
    event: eventToJson(enriched),
  };
}

export function badEvent(row: BadRow, payload: CollectorPayload | null): BadEvent {
  return {
    collectorPayload: payload,
    rawEvent: payload ? rawEventView(payload, parametersOf(payload)[0] ?? {}) : null,
    errors: ['Error while validating the event.', JSON.stringify(row)],
    badRow: row,
  };
}
