import { describe, expect, it } from 'vitest';
import { enrichConfigSchema } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { toTsv } from '../model/tsv.ts';
import { base64Url, getRecord, postRecord, rawRecord, TEST_REGISTRY_PATH } from '../testing/payloads.ts';

const ETL_TIME = Date.UTC(2024, 4, 1, 10, 0, 1, 123);
const enricherPromise = createEnricher(enrichConfigSchema.parse({}), { clock: () => ETL_TIME });

const WEB_PAGE = {
  schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
  data: [{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2' } }],
};

const PAGE_VIEW = {
  e: 'pv',
  url: 'https://snowplow.io/blog?id=1#top',
  page: 'Blog',
  eid: '2EC13853-EF9E-414A-8976-E64A4693B134',
  tv: 'js-4.10.1',
  tna: 'sp',
  aid: 'website',
  p: 'web',
  cookie: '1',
  cs: 'UTF-8',
  lang: 'en-GB',
  res: '3440x1440',
  cd: '24',
  tz: 'Europe/London',
  dtm: String(Date.UTC(2024, 4, 1, 10, 0, 0, 100)),
  stm: String(Date.UTC(2024, 4, 1, 10, 0, 0, 150)),
  vp: '693x1302',
  ds: '678x8188',
  vid: '3',
  sid: 'be9520e7-16a5-4d4e-afa1-8e269f99a1cf',
  duid: '85094061-f702-4b62-a46d-20f7226b4741',
  cx: base64Url(JSON.stringify(WEB_PAGE)),
};

describe('enriching a GET page view', () => {
  it('writes the TSV line of the reference example, field by field (the enrichments that add to it off)', async () => {
    const config = enrichConfigSchema.parse({ enrichments: { uaParser: { enabled: false }, eventFingerprint: { enabled: false } } });
    const enricher = await createEnricher(config, { clock: () => ETL_TIME });
    const { good, bad } = enricher.enrich(getRecord(PAGE_VIEW));
    expect(bad).toEqual([]);
    expect(good).toHaveLength(1);
    const fields = toTsv(good[0]!).split('\t');
    const expected: Record<number, string> = {
      0: 'website',
      1: 'web',
      2: '2024-05-01 10:00:01.123',
      3: '2024-05-01 10:00:00.500',
      4: '2024-05-01 10:00:00.100',
      5: 'page_view',
      6: '2ec13853-ef9e-414a-8976-e64a4693b134',
      8: 'sp',
      9: 'js-4.10.1',
      10: 'snowline-0.1.0',
      11: 'snowline-0.1.0',
      13: '203.0.113.7',
      15: '85094061-f702-4b62-a46d-20f7226b4741',
      16: '3',
      17: 'ecdff4d0-9175-40ac-a8bb-325c49733607',
      29: 'https://snowplow.io/blog?id=1#top',
      30: 'Blog',
      32: 'https',
      33: 'snowplow.io',
      34: '443',
      35: '/blog',
      36: 'id=1',
      37: 'top',
      52: '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1","data":[{"schema":"iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0","data":{"id":"5cea9899-10df-4ccf-bf66-8c36f4a4bba2"}}]}',
      77: rawRecord().userAgent!,
      83: 'en-GB',
      93: '1',
      94: '24',
      95: '693',
      96: '1302',
      100: 'Europe/London',
      103: '3440',
      104: '1440',
      105: 'UTF-8',
      106: '678',
      107: '8188',
      119: '2024-05-01 10:00:00.150',
      123: 'be9520e7-16a5-4d4e-afa1-8e269f99a1cf',
      124: '2024-05-01 10:00:00.450',
      125: 'com.snowplowanalytics.snowplow',
      126: 'page_view',
      127: 'jsonschema',
      128: '1-0-0',
    };
    fields.forEach((value, index) => expect([index, value]).toEqual([index, expected[index] ?? '']));
  });

  it('derives the same event id from the raw record id when eid is absent, and a different one per record', async () => {
    const enricher = await enricherPromise;
    const { eid: _eid, ...withoutEid } = PAGE_VIEW;
    const first = enricher.enrich(getRecord(withoutEid)).good[0]!;
    const again = enricher.enrich(getRecord(withoutEid)).good[0]!;
    const other = enricher.enrich(getRecord(withoutEid, { id: '9a8b7c6d-0000-4000-8000-000000000001' })).good[0]!;
    expect(first.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again.event_id).toBe(first.event_id);
    expect(other.event_id).not.toBe(first.event_id);
  });

  it('takes the page URL from the Referer header when the tracker sent no url', async () => {
    const enricher = await enricherPromise;
    const { good } = enricher.enrich(getRecord({ e: 'pv', p: 'web', tv: 'no-js-0.1.0' }, { refererUri: 'http://shop.example:8080/a/b' }));
    expect(good[0]).toMatchObject({ page_url: 'http://shop.example:8080/a/b', page_urlhost: 'shop.example', page_urlport: 8080, page_urlpath: '/a/b' });
  });

  it('cleans tabs and control characters out of strings', async () => {
    const enricher = await enricherPromise;
    const { good } = enricher.enrich(getRecord({ e: 'pv', p: 'web', page: 'Psychic\tBazaar\nShop' }));
    expect(good[0]!.page_title).toBe('Psychic    BazaarShop');
  });

  it('fills structured event fields and the struct event schema', async () => {
    const enricher = await enricherPromise;
    const { good } = enricher.enrich(getRecord({ e: 'se', p: 'tv', se_ca: 'shop', se_ac: 'add-to-basket', se_pr: 'units', se_va: '2.50' }));
    expect(good[0]).toMatchObject({
      event: 'struct',
      se_category: 'shop',
      se_action: 'add-to-basket',
      se_property: 'units',
      se_value: '2.50',
      event_vendor: 'com.google.analytics',
      event_name: 'event',
    });
  });

  it('takes the event schema of a self-describing event from ue_pr', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ iglu: { embeddedRegistryPaths: [TEST_REGISTRY_PATH] } }));
    const ue = {
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-2', data: { productId: 'ASO01043' } },
    };
    const { good } = enricher.enrich(getRecord({ e: 'ue', p: 'web', ue_pr: JSON.stringify(ue) }));
    expect(good[0]).toMatchObject({
      event: 'unstruct',
      unstruct_event: JSON.stringify(ue),
      event_vendor: 'com.acme',
      event_name: 'viewed_product',
      event_format: 'jsonschema',
      event_version: '1-0-2',
    });
  });
});

describe('enriching a POST batch', () => {
  it('gives one good event per element, with query-string parameters merged into each and winning', async () => {
    const enricher = await enricherPromise;
    const events = [1, 2, 3].map((n) => ({ e: 'pv', p: 'web', tv: 'js-4.10.1', aid: `app-${n}`, url: `https://a.example/${n}` }));
    const { good, bad } = enricher.enrich(postRecord(events, { querystring: 'aid=from-querystring&cv=clj-0.6.0-tom-0.0.4' }));
    expect(bad).toEqual([]);
    expect(good.map((event) => [event.app_id, event.page_urlpath, event.v_collector])).toEqual([
      ['from-querystring', '/1', 'clj-0.6.0-tom-0.0.4'],
      ['from-querystring', '/2', 'clj-0.6.0-tom-0.0.4'],
      ['from-querystring', '/3', 'clj-0.6.0-tom-0.0.4'],
    ]);
    expect(new Set(good.map((event) => event.event_id)).size).toBe(3);
  });

  it('turns one bad event of ten into one bad row naming all its errors, and keeps the nine others', async () => {
    const enricher = await enricherPromise;
    const events = Array.from({ length: 10 }, (_, n) => ({ e: 'pv', p: 'web', tv: 'js-4.10.1', url: `https://a.example/${n}` }));
    events[4] = { e: 'pv', p: 'toaster', tv: 'js-4.10.1', url: 'https://a.example/4', vid: 'many', dtm: 'yesterday' } as (typeof events)[number];
    const { good, bad } = enricher.enrich(postRecord(events));
    expect(good).toHaveLength(9);
    expect(bad).toHaveLength(1);
    const row = bad[0]!;
    expect(row.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1');
    const failure = row.data.failure as { messages: { schemaKey: string; error: { dataReports: { path: string; targets: string[] }[] } }[] };
    expect(failure.messages[0]!.schemaKey).toBe('iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0');
    expect(failure.messages[0]!.error.dataReports.map((report) => [report.path, report.targets[0]])).toEqual([
      ['$.p', 'toaster'],
      ['$.vid', 'many'],
      ['$.dtm', 'yesterday'],
    ]);
    const payload = row.data.payload as { raw: { parameters: { name: string; value: string }[]; eventIndex: number } };
    expect(payload.raw.eventIndex).toBe(4);
    expect(payload.raw.parameters).toContainEqual({ name: 'vid', value: 'many' });
  });

  it('rejects a body whose content type is not JSON as a tracker protocol violation', async () => {
    const enricher = await enricherPromise;
    const { good, bad } = enricher.enrich(postRecord([{ e: 'pv', p: 'web' }], { contentType: 'text/plain' }));
    expect(good).toEqual([]);
    expect(bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/tracker_protocol_violations/jsonschema/1-0-1');
    expect(JSON.stringify(bad[0]!.data.failure)).toContain('"field":"contentType","value":"text/plain"');
  });

  it('rejects a batch holding a non-string value, naming the event and the key', async () => {
    const enricher = await enricherPromise;
    const { bad } = enricher.enrich(postRecord([{ e: 'pv', p: 'web', tv: 'js-4.10.1', vid: 3 }]));
    expect(bad).toHaveLength(1);
    expect(bad[0]!.data.failure).toMatchObject({ messages: [{ field: 'data[0].vid', value: '3', error: 'value is not a string' }] });
  });

  it('rejects an envelope with the wrong schema and a body that is not JSON', async () => {
    const enricher = await enricherPromise;
    const wrongSchema = enricher.enrich(rawRecord({
      path: '/com.snowplowanalytics.snowplow/tp2',
      contentType: 'application/json',
      body: JSON.stringify({ schema: 'iglu:com.acme/payload/jsonschema/1-0-0', data: [{ e: 'pv' }] }),
    }));
    expect(wrongSchema.bad[0]!.data.failure).toMatchObject({
      messages: [{ schemaKey: 'iglu:com.acme/payload/jsonschema/1-0-0', schemaCriterion: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-*' }],
    });
    const notJson = enricher.enrich(rawRecord({ path: '/com.snowplowanalytics.snowplow/tp2', contentType: 'application/json', body: '{"schema":' }));
    expect(notJson.bad[0]!.data.failure).toMatchObject({ messages: [{ field: 'body', value: '{"schema":' }] });
  });

  it('treats a tp2 GET without body as one event', async () => {
    const enricher = await enricherPromise;
    const { good } = enricher.enrich(rawRecord({ path: '/com.snowplowanalytics.snowplow/tp2', querystring: 'e=pp&p=web&pp_mix=0&pp_max=10&pp_miy=5&pp_may=200' }));
    expect(good[0]).toMatchObject({ event: 'page_ping', pp_xoffset_min: 0, pp_xoffset_max: 10, pp_yoffset_min: 5, pp_yoffset_max: 200 });
  });
});

describe('bad rows', () => {
  it('an empty /i query string is an adapter failure carrying the collector payload', async () => {
    const enricher = await enricherPromise;
    const { good, bad } = enricher.enrich(rawRecord({ path: '/i', querystring: '' }));
    expect(good).toEqual([]);
    expect(bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0');
    expect(bad[0]!.data.processor).toEqual({ artifact: 'snowline', version: '0.1.0' });
    expect(bad[0]!.data.payload).toMatchObject({ vendor: 'com.snowplowanalytics.snowplow', version: 'tp1', ipAddress: '203.0.113.7' });
  });

  it('an unknown path is an adapter failure naming vendor and version', async () => {
    const enricher = await enricherPromise;
    const { bad } = enricher.enrich(rawRecord({ path: '/com.acme/v9', querystring: 'e=pv' }));
    expect(bad[0]!.data.failure).toMatchObject({ vendor: 'com.acme', version: 'v9' });
  });

  it('invalid base64, invalid JSON and invalid UTF-8 name the offending parameter and value', async () => {
    const enricher = await enricherPromise;
    const { bad } = enricher.enrich(rawRecord({ querystring: 'e=pv&p=web&cx=%%%%&ue_pr=%7Bnope&page=%C3%28' }));
    expect(bad).toHaveLength(1);
    const text = JSON.stringify(bad[0]!.data.failure);
    expect(text).toContain('"path":"$.page","keyword":"format","targets":["%C3%28"]');
    expect(text).toContain('"field":"cx","value":"%%%%","error":"invalid base64');
  });

  it('an event whose JSON is deeper than the limit is a schema violation', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ maxJsonDepth: 5 }));
    const deep = JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: 'iglu:com.acme/x/jsonschema/1-0-0', data: { a: { b: { c: { d: 1 } } } } } });
    const { bad } = enricher.enrich(getRecord({ e: 'ue', p: 'web', ue_pr: deep }));
    expect(JSON.stringify(bad[0]!.data.failure)).toContain('maximum allowed JSON depth (5) exceeded');
  });

  it('an event without e is an enrichment failure', async () => {
    const enricher = await enricherPromise;
    const { bad } = enricher.enrich(getRecord({ p: 'web', url: 'https://a.example/' }));
    expect(bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/enrichment_failures/jsonschema/2-0-1');
    expect(bad[0]!.data.failure).toMatchObject({ messages: [{ enrichment: null, message: { field: 'event', expectation: 'an event type (parameter e)' } }] });
  });

  it('a page URL longer than its column is a schema violation, a long page title is truncated', async () => {
    const enricher = await enricherPromise;
    const tooLong = enricher.enrich(getRecord({ e: 'pv', p: 'web', url: `https://a.example/${'x'.repeat(5000)}` }));
    expect(JSON.stringify(tooLong.bad[0]!.data.failure)).toContain('page_url: length 5018 exceeds the maximum of 4096 characters');
    const longTitle = enricher.enrich(getRecord({ e: 'pv', p: 'web', page: 't'.repeat(2500) }));
    expect(longTitle.good[0]!.page_title).toHaveLength(2000);
  });
});
