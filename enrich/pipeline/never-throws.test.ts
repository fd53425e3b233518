import { describe, expect, it } from 'vitest';
import { getRecord } from '../testing/payloads.ts';
import { buildEnricher } from './enricher.ts';
import type { Enrichment } from './enrichment.ts';

const exploding: Enrichment = {
  identifier: 'exploding',
  schemaKey: 'iglu:com.acme/exploding/jsonschema/1-0-0',
  apply() {
    throw new TypeError('a bug in an enrichment');
  },
};

describe('the enricher', () => {
  it('turns an unexpected exception into an enrichment_failures bad row instead of throwing', () => {
    const enricher = buildEnricher({
      processor: { artifact: 'snowline', version: '0.1.0' },
      clock: () => 0,
      adapterContext: { validateEnvelope: null },
      pipeline: { etlVersion: 'snowline-0.1.0', decode: { maxJsonDepth: 40, validate: null }, enrichments: [exploding], validateDerived: null, fieldLengths: { truncate: new Set() } },
      network: null,
    });
    const { good, bad } = enricher.enrich(getRecord({ e: 'pv', p: 'web' }));
    expect(good).toEqual([]);
    expect(bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/enrichment_failures/jsonschema/2-0-1');
    expect(JSON.stringify(bad[0]!.data.failure)).toContain('internal error: TypeError: a bug in an enrichment');
    expect((bad[0]!.data.payload as { raw: { parameters: unknown[] } }).raw.parameters).toContainEqual({ name: 'e', value: 'pv' });
  });
});
