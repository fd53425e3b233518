import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResolver, enrichConfigSchema } from '../../enrich/index.ts';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { samplePageView, toTsvFile } from '../test-support/enriched-events.ts';
import { createPostgresLoader, type PostgresLoader } from './loader.ts';
import { columnType, schemaSourceFromResolver, shreddedTableName, type SchemaSource } from './shredder.ts';

const cartSchema = (version: string, extra: Record<string, unknown> = {}) => ({
  self: { vendor: 'com.acme-shop', name: 'addToCart', format: 'jsonschema', version },
  type: 'object',
  properties: {
    sku: { type: 'string', maxLength: 20 },
    quantity: { type: 'integer', minimum: 0, maximum: 100 },
    price: { type: 'number' },
    gift: { type: ['boolean', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
    ...extra,
  },
});

// The acme schemas stand in for a user's Iglu registry; Snowplow's own come from enrich's resolver.
const standard = schemaSourceFromResolver(buildResolver(enrichConfigSchema.parse({}).iglu));
const schemas: SchemaSource = {
  async resolve(uri) {
    if (uri === 'iglu:com.acme-shop/addToCart/jsonschema/1-0-0') return cartSchema('1-0-0');
    if (uri === 'iglu:com.acme-shop/addToCart/jsonschema/1-1-0') return cartSchema('1-1-0', { couponCode: { type: 'string', maxLength: 12 } });
    return standard.resolve(uri);
  },
};

const cart = (version: string, data: Record<string, unknown>) =>
  JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: `iglu:com.acme-shop/addToCart/jsonschema/${version}`, data } });
const webPage = (id: string) =>
  JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1', data: [{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id } }] });

let database: TemporaryPostgres;
let loader: PostgresLoader;
let directory: string;

beforeAll(async () => {
  database = await startTemporaryPostgres();
  loader = await createPostgresLoader({ connectionString: database.url, shredding: schemas });
  await loader.ensureSchema();
  directory = mkdtempSync(path.join(os.tmpdir(), 'slshred-'));
});

afterAll(async () => {
  await loader?.close();
  await database?.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe('shredding', () => {
  it('names tables <vendor>_<name>_<model> and types columns from the schema', () => {
    expect(shreddedTableName('iglu:com.acme-shop/addToCart/jsonschema/1-0-2')).toBe('com_acme_shop_add_to_cart_1');
    expect(columnType({ type: 'string', format: 'date-time' })).toBe('TIMESTAMP');
    expect(columnType({ type: ['integer', 'null'], maximum: 10 })).toBe('INTEGER');
    expect(columnType({ type: 'integer' })).toBe('BIGINT');
    expect(columnType({ type: 'string', minLength: 2, maxLength: 2 })).toBe('CHAR(2)');
    expect(columnType({ type: ['string', 'integer'] })).toBe('JSONB');
  });

  it('writes entities and self-describing events to typed per-schema tables that join to atomic.events, widening them for a new version', async () => {
    const first = samplePageView({ unstruct_event: cart('1-0-0', { sku: 'AB-1', quantity: 2, price: 9.5, gift: true, tags: ['x'] }), contexts: webPage('6f1c0c4e-0b1e-4f57-9d1a-2f0e3c1b2a11') });
    const file1 = path.join(directory, 'one.tsv');
    writeFileSync(file1, toTsvFile([first]));
    expect(await loader.loadEnrichedFile(file1, 'one')).toMatchObject({ rows: 1, shreddedRows: 2 });

    const second = samplePageView({ unstruct_event: cart('1-1-0', { sku: 'CD-2', quantity: 1, price: 3, couponCode: 'WINTER' }) });
    const file2 = path.join(directory, 'two.tsv');
    writeFileSync(file2, toTsvFile([second]));
    expect(await loader.loadEnrichedFile(file2, 'two')).toMatchObject({ rows: 1, shreddedRows: 1 });

    const columns = await database.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'atomic' AND table_name = 'com_acme_shop_add_to_cart_1' ORDER BY ordinal_position",
    );
    expect(Object.fromEntries(columns.map((column) => [column.column_name, column.data_type]))).toEqual({
      schema_vendor: 'character varying', schema_name: 'character varying', schema_format: 'character varying', schema_version: 'character varying',
      root_id: 'uuid', root_tstamp: 'timestamp without time zone',
      sku: 'character varying', quantity: 'integer', price: 'double precision', gift: 'boolean', tags: 'jsonb', coupon_code: 'character varying',
    });
    const joined = await database.query(
      `SELECT e.event_id, c.schema_version, c.sku, c.quantity, c.gift, c.tags, c.coupon_code
       FROM atomic.events e JOIN atomic.com_acme_shop_add_to_cart_1 c ON c.root_id = e.event_id AND c.root_tstamp = e.collector_tstamp
       ORDER BY c.sku`,
    );
    expect(joined).toEqual([
      { event_id: first.event_id, schema_version: '1-0-0', sku: 'AB-1', quantity: 2, gift: true, tags: ['x'], coupon_code: null },
      { event_id: second.event_id, schema_version: '1-1-0', sku: 'CD-2', quantity: 1, gift: null, tags: null, coupon_code: 'WINTER' },
    ]);
    const pages = await database.query('SELECT root_id, id FROM atomic.com_snowplowanalytics_snowplow_web_page_1');
    expect(pages).toEqual([{ root_id: first.event_id, id: '6f1c0c4e-0b1e-4f57-9d1a-2f0e3c1b2a11' }]);

    // The same events again under another batch id: exact duplicates, so neither events nor entities are added.
    expect(await loader.loadEnrichedFile(file1, 'one-again')).toMatchObject({ loaded: true, rows: 0, duplicateRows: 1, shreddedRows: 0 });
    expect(await database.query('SELECT count(*)::int AS count FROM atomic.com_snowplowanalytics_snowplow_web_page_1')).toEqual([{ count: 1 }]);
  });
});
