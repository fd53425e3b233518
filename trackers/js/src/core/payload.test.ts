import { describe, expect, it } from 'vitest';
import { addField, addJson, base64UrlEncode, utf8Length, uuidV4, type Payload } from './payload.ts';

describe('payload building', () => {
  it('drops null, undefined and empty values and turns the rest into strings', () => {
    const payload: Payload = {};
    addField(payload, 'a', null);
    addField(payload, 'b', undefined);
    addField(payload, 'c', '');
    addField(payload, 'd', 0);
    addField(payload, 'e', 'x');
    expect(payload).toEqual({ d: '0', e: 'x' });
  });

  it('encodes base64url without padding over the UTF-8 bytes, as the official trackers do', () => {
    for (const text of ['', 'a', 'ab', 'abc', '{"é":"€😀"}', '???>>>']) {
      expect(base64UrlEncode(text)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
    }
  });

  it('wraps a self-describing event in unstruct_event, plain for POST and base64url for GET', () => {
    const event = { schema: 'iglu:com.acme/thing/jsonschema/1-0-0', data: { n: 1 } };
    const plain: Payload = {};
    addJson(plain, false, 'ue_px', 'ue_pr', 'unstruct_event', event);
    expect(JSON.parse(plain.ue_pr!)).toEqual({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: event });
    const encoded: Payload = {};
    addJson(encoded, true, 'ue_px', 'ue_pr', 'unstruct_event', event);
    expect(JSON.parse(Buffer.from(encoded.ue_px!, 'base64url').toString())).toEqual(JSON.parse(plain.ue_pr!));
  });

  it('wraps entities in contexts', () => {
    const payload: Payload = {};
    addJson(payload, false, 'cx', 'co', 'contexts', [{ schema: 'iglu:com.acme/e/jsonschema/1-0-0', data: {} }]);
    expect(JSON.parse(payload.co!).schema).toBe('iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0');
  });

  it('makes distinct version-4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 200 }, uuidV4));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('counts lengths in UTF-8 bytes', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é€😀')).toBe(2 + 3 + 4);
  });
});
