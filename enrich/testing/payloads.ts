// Builders of raw records for enrich's tests and benchmarks.

import { RAW_RECORD_SCHEMA, type CollectorPayload } from '../model/collector-payload.ts';

export const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

export function rawRecord(overrides: Partial<CollectorPayload> = {}): CollectorPayload {
  return {
    schema: RAW_RECORD_SCHEMA,
    id: '0d4c3a0e-5f4e-4d7a-9f59-3f0b6d2a1c11',
    ipAddress: '203.0.113.7',
    timestamp: Date.UTC(2024, 4, 1, 10, 0, 0, 500),
    encoding: 'UTF-8',
    collector: 'snowline-0.1.0',
    userAgent: CHROME_UA,
    refererUri: null,
    path: '/i',
    querystring: '',
    body: null,
    headers: [`User-Agent: ${CHROME_UA}`],
    contentType: null,
    hostname: 'collector.example.com',
    networkUserId: 'ecdff4d0-9175-40ac-a8bb-325c49733607',
    ...overrides,
  };
}

export function querystringOf(parameters: Record<string, string>): string {
  return Object.entries(parameters)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
}

export function getRecord(parameters: Record<string, string>, overrides: Partial<CollectorPayload> = {}): CollectorPayload {
  return rawRecord({ path: '/i', querystring: querystringOf(parameters), ...overrides });
}

export const PAYLOAD_DATA_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4';

export function postRecord(events: Record<string, unknown>[], overrides: Partial<CollectorPayload> = {}): CollectorPayload {
  return rawRecord({
    path: '/com.snowplowanalytics.snowplow/tp2',
    body: JSON.stringify({ schema: PAYLOAD_DATA_SCHEMA, data: events }),
    contentType: 'application/json; charset=utf-8',
    ...overrides,
  });
}

export function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** A registry directory with test schemas (`com.acme/viewed_product/jsonschema/1-0-2`). */
export const TEST_REGISTRY_PATH = new URL('./iglu', import.meta.url).pathname;
