// Enriched events for storage tests, built through the enrich model so the TSV is byte-for-byte what enrich writes.
import { randomUUID } from 'node:crypto';
import { createEmptyEvent, toTsv, type EnrichedEvent } from '../../enrich/index.ts';

export type { EnrichedEvent };

let sequence = 0;

/** A page view with the required fields and a few typed ones set; `overrides` replaces any field. */
export function samplePageView(overrides: Partial<EnrichedEvent> = {}): EnrichedEvent {
  sequence++;
  const event = createEmptyEvent();
  Object.assign(event, {
    app_id: 'shop',
    platform: 'web',
    etl_tstamp: Date.UTC(2026, 10, 29, 8, 0, 1, 500),
    collector_tstamp: Date.UTC(2026, 10, 29, 8, 0, 0, 250) + sequence,
    dvce_created_tstamp: Date.UTC(2026, 10, 29, 7, 59, 59, 0),
    event: 'page_view',
    event_id: randomUUID(),
    name_tracker: 'sp',
    v_tracker: 'js-4.10.1',
    v_collector: 'snowline-0.1.0',
    v_etl: 'snowline-0.1.0',
    domain_userid: 'd-' + sequence,
    domain_sessionidx: 3,
    page_url: 'https://shop.example/p?q=1',
    page_urlport: 443,
    br_cookies: true,
    br_features_java: false,
    geo_latitude: 51.5,
    se_value: '12.75',
    contexts: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1', data: [] }),
    event_fingerprint: 'fp-' + sequence,
    ...overrides,
  });
  return event;
}

export function toTsvFile(events: readonly EnrichedEvent[]): string {
  return events.map((event) => toTsv(event) + '\n').join('');
}
