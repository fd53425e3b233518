// Payload building: the tracker-protocol fields of one event, and the self-describing JSON wrappers around
// entities and self-describing events. Platform-free: runs in a browser, in Node and in the tests alike.

/** One event as sent on the wire: every value a string (the payload_data schema allows nothing else). */
export type Payload = Record<string, string>;

/** `{schema, data}`: a self-describing event or entity. */
export interface SelfDescribingJson {
  schema: string;
  data: unknown;
}

const IGLU_SNOWPLOW = 'iglu:com.snowplowanalytics.snowplow/';

/** `iglu:com.snowplowanalytics.snowplow/<name>/jsonschema/<version>`: the built-in schemas trackers use. */
export const snowplowSchema = (name: string, version = '1-0-0'): string =>
  IGLU_SNOWPLOW + name + '/jsonschema/' + version;

export const PAYLOAD_DATA_SCHEMA = snowplowSchema('payload_data', '1-0-4');

/** Adds a field unless it is null, undefined or empty, as every Snowplow tracker does. */
export function addField(payload: Payload, key: string, value: unknown): void {
  if (value != null && value !== '') payload[key] = String(value);
}

/** Standard base64 of the UTF-8 bytes, then `+`→`-`, `/`→`_`, padding stripped (the JS trackers' `cx`/`ue_px`). */
export function base64UrlEncode(text: string): string {
  // encodeURIComponent then unescape turns the text into one char per UTF-8 byte, which is what btoa takes.
  return btoa(unescape(encodeURIComponent(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Wraps `data` in a built-in schema and puts the JSON under its base64url key or its plain key: a self-describing
 * event in `unstruct_event` under `ue_px`/`ue_pr`, entities in `contexts` under `cx`/`co`. GET requests default
 * to base64 (shorter after URL encoding), POST bodies to plain JSON.
 */
export function addJson(payload: Payload, encodeBase64: boolean, base64Key: string, plainKey: string, schemaName: string, data: unknown): void {
  const json = JSON.stringify({ schema: snowplowSchema(schemaName), data });
  if (encodeBase64) payload[base64Key] = base64UrlEncode(json);
  else payload[plainKey] = json;
}

/** A version-4 UUID from the platform's cryptographic random source (also outside secure contexts). */
export const uuidV4 = (): string =>
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (digit) =>
    ((digit as unknown as number) ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+digit / 4)))).toString(16),
  );

export const utf8Bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Length of a string in UTF-8 bytes: what `maxPostBytes` and the collector limits count. */
export const utf8Length = (text: string): number => utf8Bytes(text).length;

/** UTF-8 bytes of a value as JSON. */
export const jsonBytes = (value: unknown): number => utf8Length(JSON.stringify(value));
