import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrichConfigSchema } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { getRecord, TEST_REGISTRY_PATH } from '../testing/payloads.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';

describe('PII pseudonymisation', () => {
  const config = enrichConfigSchema.parse({
    iglu: { embeddedRegistryPaths: [TEST_REGISTRY_PATH] },
    enrichments: {
      piiPseudonymization: {
        enabled: true,
        fields: ['user_id', 'user_ipaddress'],
        jsonFields: [{ field: 'contexts', schemaCriterion: 'iglu:com.acme/viewed_product/jsonschema/1-*-*', jsonPath: '$.productId' }],
        salt: 'pepper',
        emitEvent: true,
      },
    },
  });
  const co = JSON.stringify({ schema: CONTEXTS, data: [{ schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-2', data: { productId: 'A1', quantity: 1 } }] });

  it('replaces chosen fields and JSON values by salted hashes', async () => {
    const enricher = await createEnricher(config);
    const { good, bad } = enricher.enrich(getRecord({ e: 'pv', p: 'web', uid: 'alice@example.com', co }));
    expect(bad).toEqual([]);
    expect(good[0]!.user_id).toBe(sha256('pepperalice@example.com'));
    expect(good[0]!.user_ipaddress).toBe(sha256('pepper203.0.113.7'));
    expect(good[0]!.contexts).toContain(`"productId":"${sha256('pepperA1')}"`);
  });

  it('emits a pii_transformation event with the original values, linked to its parent', async () => {
    const enricher = await createEnricher(config);
    const { good } = enricher.enrich(getRecord({ e: 'pv', p: 'web', uid: 'alice@example.com', co }));
    expect(good).toHaveLength(2);
    const [parent, pii] = good;
    expect(pii!.event).toBe('pii_transformation');
    const transformation = JSON.parse(pii!.unstruct_event!).data.data;
    expect(transformation.pii.pojo).toContainEqual({ fieldName: 'user_id', originalValue: 'alice@example.com', modifiedValue: sha256('pepperalice@example.com') });
    expect(transformation.pii.json[0].fieldMapping).toMatchObject({ fieldName: 'contexts', jsonPath: '$.productId', originalValue: 'A1' });
    expect(JSON.parse(pii!.derived_contexts!).data).toEqual([
      { schema: 'iglu:com.snowplowanalytics.snowplow/parent_event/jsonschema/1-0-0', data: { parentEventId: parent!.event_id } },
    ]);
  });

  it('with anonymousOnly, leaves requests without SP-Anonymous alone', async () => {
    const anonymousOnly = enrichConfigSchema.parse({ enrichments: { piiPseudonymization: { enabled: true, fields: ['user_id'], anonymousOnly: true } } });
    const enricher = await createEnricher(anonymousOnly);
    expect(enricher.enrich(getRecord({ e: 'pv', p: 'web', uid: 'bob' })).good[0]!.user_id).toBe('bob');
    const anonymous = enricher.enrich(getRecord({ e: 'pv', p: 'web', uid: 'bob' }, { headers: ['SP-Anonymous: *'] })).good[0]!;
    expect(anonymous.user_id).toBe(sha256('bob'));
  });
});

describe('the JavaScript enrichment', () => {
  const enricherWith = (script: string, timeoutMs = 5000) =>
    createEnricher(enrichConfigSchema.parse({ enrichments: { javascript: { enabled: true, script, timeoutMs, parameters: { tag: 'vip' } } } }));

  it('changes fields and adds the entities it returns', async () => {
    const enricher = await enricherWith(`
      function process(event, params, headers) {
        event.app_id = event.app_id.toUpperCase();
        event.se_label = params.tag + ':' + headers.length;
        return [{ schema: 'iglu:com.snowplowanalytics.snowplow/application/jsonschema/1-0-0', data: { version: '1.2.3' } }];
      }`);
    const { good, bad } = enricher.enrich(getRecord({ e: 'se', p: 'web', aid: 'shop', se_ca: 'c', se_ac: 'a' }));
    expect(bad).toEqual([]);
    expect(good[0]).toMatchObject({ app_id: 'SHOP', se_label: 'vip:1' });
    expect(good[0]!.derived_contexts).toContain('{"schema":"iglu:com.snowplowanalytics.snowplow/application/jsonschema/1-0-0","data":{"version":"1.2.3"}}');
  });

  it('drops the event when the script calls event.drop(), and counts it', async () => {
    const enricher = await enricherWith(`function process(event) { if (event.app_id === 'test') event.drop(); }`);
    const result = enricher.enrich(getRecord({ e: 'pv', p: 'web', aid: 'test' }));
    expect(result).toMatchObject({ good: [], bad: [], dropped: 1 });
    expect(enricher.enrich(getRecord({ e: 'pv', p: 'web', aid: 'live' })).good).toHaveLength(1);
  });

  it('turns a throw, a time-out, a wrong type and an invalid returned entity into bad rows', async () => {
    const throwing = await enricherWith(`function process() { throw new Error('no way'); }`);
    expect(throwing.enrich(getRecord({ e: 'pv', p: 'web' })).bad[0]!.data.failure).toMatchObject({
      messages: [{ enrichment: { identifier: 'javascript' }, message: { error: 'process() threw: no way' } }],
    });
    const looping = await enricherWith(`function process() { for (;;) {} }`, 20);
    const timedOut = looping.enrich(getRecord({ e: 'pv', p: 'web' }));
    expect(timedOut.bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/enrichment_failures/jsonschema/2-0-1');
    expect(JSON.stringify(timedOut.bad[0]!.data.failure)).toContain('process() ran longer than 20 ms');
    const wrongType = await enricherWith(`function process(event) { event.domain_sessionidx = 'many'; }`);
    expect(JSON.stringify(wrongType.enrich(getRecord({ e: 'pv', p: 'web' })).bad[0]!.data.failure)).toContain('not a valid int');
    const invalidEntity = await enricherWith(`function process() { return [{ schema: 'iglu:com.snowplowanalytics.snowplow/application/jsonschema/1-0-0', data: {} }]; }`);
    const invalid = invalidEntity.enrich(getRecord({ e: 'pv', p: 'web' }));
    expect(invalid.bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1');
    expect(JSON.stringify(invalid.bad[0]!.data.failure)).toContain('"keyword":"required","targets":["version"]');
  });

  it('refuses at start-up a script without a process function', async () => {
    await expect(enricherWith('var x = 1;')).rejects.toThrow('the script must define function process(event, params, headers)');
  });
});
