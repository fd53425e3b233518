import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/ports.ts';
import { enrichConfigSchema } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { getRecord, postRecord, TEST_REGISTRY_PATH } from '../testing/payloads.ts';
import { matchesCriterion, parseCriterion } from './schema-key.ts';

const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';
const UNSTRUCT = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';

function withEntities(...entities: { schema: string; data: unknown }[]): string {
  return JSON.stringify({ schema: CONTEXTS, data: entities });
}

function product(data: unknown, version = '1-0-2') {
  return { schema: `iglu:com.acme/viewed_product/jsonschema/${version}`, data };
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-iglu-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('validation against Iglu schemas', () => {
  it('accepts an entity valid against its schema and keeps it in contexts', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ iglu: { embeddedRegistryPaths: [TEST_REGISTRY_PATH] } }));
    const { good, bad } = enricher.enrich(getRecord({ e: 'pv', p: 'web', co: withEntities(product({ productId: 'A1', quantity: 2 })) }));
    expect(bad).toEqual([]);
    expect(good[0]!.contexts).toContain('"data":{"productId":"A1","quantity":2}');
  });

  it('reports every failed keyword of an invalid entity as dataReports with JSON paths', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ iglu: { embeddedRegistryPaths: [TEST_REGISTRY_PATH] } }));
    const co = withEntities(product({ quantity: 'two', colour: 'red' }));
    const { good, bad } = enricher.enrich(getRecord({ e: 'pv', p: 'web', co }));
    expect(good).toEqual([]);
    expect(bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1');
    const [message] = (bad[0]!.data.failure as { messages: { schemaKey: string; error: { error: string; dataReports: unknown[] } }[] }).messages;
    expect(message!.schemaKey).toBe('iglu:com.acme/viewed_product/jsonschema/1-0-2');
    expect(message!.error.error).toBe('ValidationError');
    expect(message!.error.dataReports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '$', keyword: 'required', targets: ['productId'] }),
        expect.objectContaining({ path: '$', keyword: 'additionalProperties', targets: ['colour'] }),
        expect.objectContaining({ path: '$.quantity', keyword: 'type', targets: ['integer'] }),
      ]),
    );
  });

  it('makes an unknown schema a ResolutionError naming every registry asked', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ iglu: { embeddedRegistryPaths: [TEST_REGISTRY_PATH] } }));
    const ue = JSON.stringify({ schema: UNSTRUCT, data: product({ productId: 'A1' }, '9-9-9') });
    const { bad } = enricher.enrich(getRecord({ e: 'ue', p: 'web', ue_pr: ue }));
    const [message] = (bad[0]!.data.failure as { messages: { error: { error: string; lookupHistory: { repository: string }[] } }[] }).messages;
    expect(message!.error.error).toBe('ResolutionError');
    expect(message!.error.lookupHistory.map((attempt) => attempt.repository)).toEqual([
      `embedded ${TEST_REGISTRY_PATH}`,
      'Snowline standard schemas',
    ]);
  });

  it('validates the shipped standard schemas: a web_page entity with a bad id fails', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const co = withEntities({ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: 'not-a-uuid' } });
    const { bad } = enricher.enrich(getRecord({ e: 'pv', p: 'web', co }));
    expect(JSON.stringify(bad[0]!.data.failure)).toContain('"path":"$.id","keyword":"pattern"');
  });

  it('rejects a POSTed event with a key payload_data does not allow, for the whole payload', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const { good, bad } = enricher.enrich(postRecord([{ e: 'pv', p: 'web', tv: 'js-4.10.1' }, { e: 'pv', p: 'web', tv: 'js-4.10.1', colour: 'red' }]));
    expect(good).toEqual([]);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/tracker_protocol_violations/jsonschema/1-0-1');
    expect(JSON.stringify(bad[0]!.data.failure)).toContain('"path":"$[1]","keyword":"additionalProperties","targets":["colour"]');
  });

  it('asks embedded registries in the configured order', async () => {
    const first = join(directory, 'first');
    await mkdir(join(first, 'schemas/com.acme/viewed_product/jsonschema'), { recursive: true });
    await writeFile(
      join(first, 'schemas/com.acme/viewed_product/jsonschema/1-0-2'),
      JSON.stringify({ self: { vendor: 'com.acme', name: 'viewed_product', format: 'jsonschema', version: '1-0-2' }, type: 'object', required: ['sku'] }),
    );
    const enricher = await createEnricher(enrichConfigSchema.parse({ iglu: { embeddedRegistryPaths: [first, TEST_REGISTRY_PATH] } }));
    const { bad } = enricher.enrich(getRecord({ e: 'pv', p: 'web', co: withEntities(product({ productId: 'A1' })) }));
    expect(JSON.stringify(bad[0]!.data.failure)).toContain('"targets":["sku"]');
  });
});

describe('HTTP registries', () => {
  let server: Server;
  let port: number;
  let failuresLeft = 0;
  let requests = 0;
  beforeAll(async () => {
    port = await freePort();
    server = createServer((request, response) => {
      requests++;
      if (failuresLeft > 0) {
        failuresLeft--;
        response.writeHead(503).end('busy');
        return;
      }
      if (request.url === '/schemas/com.remote/thing/jsonschema/1-0-0') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }));
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const remoteEvent = (n: unknown) =>
    getRecord({ e: 'ue', p: 'web', ue_pr: JSON.stringify({ schema: UNSTRUCT, data: { schema: 'iglu:com.remote/thing/jsonschema/1-0-0', data: { n } } }) });

  it('fetches a schema once, retrying a failing registry, and then validates with it', async () => {
    failuresLeft = 1;
    requests = 0;
    const config = enrichConfigSchema.parse({ iglu: { httpRegistries: [{ name: 'local', uri: `http://127.0.0.1:${port}` }], httpRetries: 2 } });
    const enricher = await createEnricher(config);
    expect(enricher.usesNetwork).toBe(true);
    const first = await enricher.enrichAsync(remoteEvent(1));
    expect(first.bad).toEqual([]);
    expect(first.good[0]!.event_name).toBe('thing');
    const second = await enricher.enrichAsync(remoteEvent('x'));
    expect(JSON.stringify(second.bad[0]!.data.failure)).toContain('"path":"$.n","keyword":"type"');
    expect(requests).toBe(2);
  });

  it('reports a registry that is down in the lookup history, with the number of attempts', async () => {
    const downPort = await freePort();
    const config = enrichConfigSchema.parse({ iglu: { httpRegistries: [{ name: 'down', uri: `http://127.0.0.1:${downPort}` }], httpRetries: 1 } });
    const enricher = await createEnricher(config);
    const { bad } = await enricher.enrichAsync(remoteEvent(1));
    const failure = bad[0]!.data.failure as { messages: { error: { error: string; lookupHistory: { repository: string; attempts: number; errors: { error: string }[] }[] } }[] };
    expect(failure.messages[0]!.error.error).toBe('ResolutionError');
    const down = failure.messages[0]!.error.lookupHistory.find((attempt) => attempt.repository === 'down')!;
    expect(down.attempts).toBe(2);
    expect(down.errors.map((error) => error.error)).toEqual(['RepoFailure', 'RepoFailure']);
  });
});

describe('SchemaVer criteria', () => {
  it('match by model, revision and addition with wildcards', () => {
    const criterion = parseCriterion('iglu:com.acme/event/jsonschema/1-*-*')!;
    expect(matchesCriterion('iglu:com.acme/event/jsonschema/1-2-3', criterion)).toBe(true);
    expect(matchesCriterion('iglu:com.acme/event/jsonschema/2-0-0', criterion)).toBe(false);
    expect(matchesCriterion('iglu:com.acme/other/jsonschema/1-0-0', criterion)).toBe(false);
    expect(matchesCriterion('iglu:com.acme/event/jsonschema/1-0-1', parseCriterion('iglu:com.acme/event/jsonschema/1-0-*')!)).toBe(true);
  });
});
