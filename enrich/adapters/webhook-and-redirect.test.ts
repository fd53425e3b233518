import { describe, expect, it } from 'vitest';
import { enrichConfigSchema } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { base64Url, rawRecord, TEST_REGISTRY_PATH } from '../testing/payloads.ts';

const enricherPromise = createEnricher(enrichConfigSchema.parse({ iglu: { embeddedRegistryPaths: [TEST_REGISTRY_PATH] } }));
const PRODUCT = 'iglu:com.acme/viewed_product/jsonschema/1-0-2';

function innerEvent(unstruct: string | null): unknown {
  return unstruct === null ? null : JSON.parse(unstruct).data;
}

describe('the Iglu webhook', () => {
  it('turns a GET with schema and properties into a validated self-describing event', async () => {
    const enricher = await enricherPromise;
    const { good, bad } = enricher.enrich(rawRecord({ path: '/com.snowplowanalytics.iglu/v1', querystring: `schema=${encodeURIComponent(PRODUCT)}&productId=A1&aid=crm` }));
    expect(bad).toEqual([]);
    expect(good[0]).toMatchObject({ event: 'unstruct', platform: 'app', app_id: 'crm', v_tracker: 'com.snowplowanalytics.iglu-v1', event_name: 'viewed_product' });
    expect(innerEvent(good[0]!.unstruct_event)).toEqual({ schema: PRODUCT, data: { productId: 'A1' } });
  });

  it('accepts a POSTed self-describing JSON, JSON properties with the schema in the query, and a form', async () => {
    const enricher = await enricherPromise;
    const whole = enricher.enrich(rawRecord({ path: '/com.snowplowanalytics.iglu/v1', contentType: 'application/json', body: JSON.stringify({ schema: PRODUCT, data: { productId: 'B2', price: 9.5 } }) }));
    expect(innerEvent(whole.good[0]!.unstruct_event)).toEqual({ schema: PRODUCT, data: { productId: 'B2', price: 9.5 } });
    const split = enricher.enrich(rawRecord({ path: '/com.snowplowanalytics.iglu/v1', querystring: `schema=${encodeURIComponent(PRODUCT)}`, contentType: 'application/json; charset=utf-8', body: '{"productId":"C3"}' }));
    expect(innerEvent(split.good[0]!.unstruct_event)).toEqual({ schema: PRODUCT, data: { productId: 'C3' } });
    const form = enricher.enrich(rawRecord({ path: '/com.snowplowanalytics.iglu/v1', querystring: `schema=${encodeURIComponent(PRODUCT)}`, contentType: 'application/x-www-form-urlencoded', body: 'productId=D4' }));
    expect(innerEvent(form.good[0]!.unstruct_event)).toEqual({ schema: PRODUCT, data: { productId: 'D4' } });
  });

  it('makes a missing schema an adapter failure and invalid properties a schema violation', async () => {
    const enricher = await enricherPromise;
    const noSchema = enricher.enrich(rawRecord({ path: '/com.snowplowanalytics.iglu/v1', querystring: 'productId=A1' }));
    expect(noSchema.bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0');
    const invalid = enricher.enrich(rawRecord({ path: '/com.snowplowanalytics.iglu/v1', querystring: `schema=${encodeURIComponent(PRODUCT)}&colour=red` }));
    expect(invalid.bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1');
  });
});

describe('the /r/tp2 redirect adapter', () => {
  it('without an event type, makes the redirect a uri_redirect self-describing event', async () => {
    const enricher = await enricherPromise;
    const { good, bad } = enricher.enrich(rawRecord({ path: '/r/tp2', querystring: `u=${encodeURIComponent('https://shop.example/sale?x=1')}&aid=mail` }));
    expect(bad).toEqual([]);
    expect(good[0]).toMatchObject({ event: 'unstruct', platform: 'web', v_tracker: 'r-tp2', app_id: 'mail', event_name: 'uri_redirect' });
    expect(innerEvent(good[0]!.unstruct_event)).toEqual({ schema: 'iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0', data: { uri: 'https://shop.example/sale?x=1' } });
  });

  it('with an event type, puts the uri_redirect entity first among the existing (base64) entities', async () => {
    const enricher = await enricherPromise;
    const cx = base64Url(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: PRODUCT, data: { productId: 'A1' } }] }));
    const { good } = enricher.enrich(rawRecord({ path: '/r/tp2', querystring: `e=se&se_ca=email&se_ac=click&u=${encodeURIComponent('https://shop.example/')}&cx=${cx}` }));
    expect(JSON.parse(good[0]!.contexts!).data.map((entity: { schema: string }) => entity.schema)).toEqual([
      'iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0',
      PRODUCT,
    ]);
    expect(good[0]).toMatchObject({ event: 'struct', se_category: 'email', v_tracker: 'r-tp2' });
  });

  it('rejects a redirect without u as a tracker protocol violation', async () => {
    const enricher = await enricherPromise;
    const { bad } = enricher.enrich(rawRecord({ path: '/r/tp2', querystring: 'e=pv' }));
    expect(bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/tracker_protocol_violations/jsonschema/1-0-1');
  });
});
