import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { samplePageView, toTsvFile } from '../test-support/enriched-events.ts';
import { createPostgresLoader, LOADER_PARSING_ERROR_SCHEMA, type PostgresLoader } from '../index.ts';

let database: TemporaryPostgres;
let loader: PostgresLoader;
let directory: string;

beforeAll(async () => {
  database = await startTemporaryPostgres();
  loader = await createPostgresLoader({ connectionString: database.url });
  await loader.ensureSchema();
  directory = mkdtempSync(path.join(os.tmpdir(), 'slload-'));
});

afterAll(async () => {
  await loader?.close();
  await database?.stop();
  rmSync(directory, { recursive: true, force: true });
});

beforeEach(async () => {
  await database.query('TRUNCATE atomic.events, atomic.snowline_manifest');
});

function writeBatch(name: string, content: string | Buffer): string {
  const file = path.join(directory, name);
  writeFileSync(file, content);
  return file;
}

async function countEvents(): Promise<number> {
  const [row] = await database.query<{ count: string }>('SELECT count(*) FROM atomic.events');
  return Number(row!.count);
}

describe('PostgresLoader', () => {
  it('creates the schema idempotently, also from two loaders at once', async () => {
    const other = await createPostgresLoader({ connectionString: database.url });
    await Promise.all([loader.ensureSchema(), other.ensureSchema(), loader.ensureSchema()]);
    await other.close();
    const columns = await database.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'atomic' AND table_name = 'events'");
    expect(columns).toHaveLength(131);
  });

  it('lands rows with their PostgreSQL types, keeping backslashes, unicode and JSON intact', async () => {
    const event = samplePageView({
      page_title: 'C:\\temp\\new \\N café ✓',
      unstruct_event: JSON.stringify({ schema: 'iglu:com.acme/click/jsonschema/1-0-0', data: { path: 'a\\b', quote: '"x"' } }),
      tr_total: '1234.5',
      br_viewwidth: 1280,
    });
    const result = await loader.loadEnrichedFile(writeBatch('typed.tsv', toTsvFile([event])), 'typed');
    expect(result).toMatchObject({ loaded: true, rows: 1, badRows: [], duplicateRows: 0 });
    const [row] = await database.query('SELECT * FROM atomic.events');
    expect(row).toMatchObject({
      app_id: 'shop',
      event_id: event.event_id,
      collector_tstamp: new Date(event.collector_tstamp!),
      etl_tstamp: new Date('2026-11-29T08:00:01.500Z'),
      domain_sessionidx: 3,
      page_urlport: 443,
      br_cookies: true,
      br_features_java: false,
      geo_latitude: 51.5,
      se_value: 12.75,
      tr_total: 1234.5,
      br_viewwidth: 1280,
      page_title: 'C:\\temp\\new \\N café ✓',
      unstruct_event: { schema: 'iglu:com.acme/click/jsonschema/1-0-0', data: { path: 'a\\b', quote: '"x"' } },
      user_id: null,
      geo_country: null,
    });
  });

  it('loads a batch once: a re-run of the same batch id loads nothing', async () => {
    const file = writeBatch('twice.tsv', toTsvFile([samplePageView(), samplePageView(), samplePageView()]));
    expect(await loader.loadEnrichedFile(file, 'batch-1')).toMatchObject({ loaded: true, rows: 3 });
    expect(await loader.loadEnrichedFile(file, 'batch-1')).toMatchObject({ loaded: false, rows: 0 });
    expect(await countEvents()).toBe(3);
    expect(await loader.isLoaded('batch-1')).toBe(true);
    expect(await database.query('SELECT batch_id, event_count, bad_count FROM atomic.snowline_manifest')).toEqual([
      { batch_id: 'batch-1', event_count: 3, bad_count: 0 },
    ]);
  });

  it('loads a batch once when two loaders race for it', async () => {
    const file = writeBatch('race.tsv', toTsvFile(Array.from({ length: 500 }, () => samplePageView())));
    const other = await createPostgresLoader({ connectionString: database.url });
    const results = await Promise.all([loader.loadEnrichedFile(file, 'race'), other.loadEnrichedFile(file, 'race')]);
    await other.close();
    expect(results.map((result) => result.loaded).sort()).toEqual([false, true]);
    expect(await countEvents()).toBe(500);
  });

  it('turns lines that do not parse into loader_parsing_error bad rows and loads the rest', async () => {
    const good = [samplePageView(), samplePageView()];
    const tooShort = 'only\ttwo';
    const badTimestamp = toTsvFile([samplePageView()]).slice(0, -1).replace(/2026-11-29 08:00:00\.\d{3}/, '2026-02-30 08:00:00.000');
    const content = `${toTsvFile([good[0]!])}${tooShort}\nnot tsv at all\n${badTimestamp}\n${toTsvFile([good[1]!])}`;
    const result = await loader.loadEnrichedFile(writeBatch('mixed.tsv', content), 'mixed');
    expect(result.rows).toBe(2);
    expect(result.badRows).toHaveLength(3);
    expect(result.badRows.every((row) => row.schema === LOADER_PARSING_ERROR_SCHEMA)).toBe(true);
    expect(result.badRows.map((row) => row.data.payload)).toEqual([tooShort, 'not tsv at all', badTimestamp]);
    expect(result.badRows[0]!.data.failure).toEqual({ type: 'RowDecodingError', errors: [{ type: 'FieldNumberMismatch', value: 2 }] });
    expect(result.badRows[2]!.data.failure).toMatchObject({ errors: [{ type: 'InvalidValue', key: 'collector_tstamp' }] });
    expect(await database.query('SELECT event_count, bad_count FROM atomic.snowline_manifest')).toEqual([{ event_count: 2, bad_count: 3 }]);
  });

  it('never lands an exact duplicate twice, within a batch or across batches, but keeps a changed event', async () => {
    const original = samplePageView();
    const sameIdOtherFingerprint = { ...original, event_fingerprint: 'something-else' };
    const first = await loader.loadEnrichedFile(writeBatch('dup-a.tsv', toTsvFile([original, original])), 'dup-a');
    expect(first).toMatchObject({ rows: 1, duplicateRows: 1 });
    const second = await loader.loadEnrichedFile(writeBatch('dup-b.tsv', toTsvFile([original, sameIdOtherFingerprint])), 'dup-b');
    expect(second).toMatchObject({ rows: 1, duplicateRows: 1 });
    const rows = await database.query('SELECT event_fingerprint FROM atomic.events ORDER BY event_fingerprint');
    expect(rows.map((row) => row.event_fingerprint)).toEqual([original.event_fingerprint, 'something-else']);
  });

  it('loads gzipped batches and files with CRLF line ends', async () => {
    const gz = writeBatch('batch.tsv.gz', gzipSync(toTsvFile([samplePageView(), samplePageView()])));
    const crlf = writeBatch('crlf.tsv', toTsvFile([samplePageView()]).replaceAll('\n', '\r\n'));
    expect(await loader.loadEnrichedFile(gz, 'gz')).toMatchObject({ loaded: true, rows: 2 });
    expect(await loader.loadEnrichedFile(crlf, 'crlf')).toMatchObject({ loaded: true, rows: 1, badRows: [] });
  });

  it('commits neither rows nor manifest row when the database rejects a row mid-COPY, and the batch loads on retry', async () => {
    await database.query("ALTER TABLE atomic.events ADD CONSTRAINT no_blocked_app CHECK (app_id <> 'blocked')");
    const events = Array.from({ length: 2000 }, (_, index) => samplePageView(index === 1500 ? { app_id: 'blocked' } : {}));
    const file = writeBatch('rejected.tsv', toTsvFile(events));
    try {
      await expect(loader.loadEnrichedFile(file, 'rejected')).rejects.toThrow(/batch rejected .*no_blocked_app/);
      expect(await countEvents()).toBe(0);
      expect(await loader.isLoaded('rejected')).toBe(false);
    } finally {
      await database.query('ALTER TABLE atomic.events DROP CONSTRAINT no_blocked_app');
    }
    expect(await loader.loadEnrichedFile(file, 'rejected')).toMatchObject({ loaded: true, rows: 2000 });
  });

  it('commits nothing when the connection is cut mid-COPY, and the loader keeps working', async () => {
    const input = new PassThrough();
    const load = loader.loadEnrichedStream(() => input, 'cut');
    load.catch(() => {});
    input.write(toTsvFile(Array.from({ length: 300 }, () => samplePageView())));
    // The input stays open, so the server is waiting inside the COPY when its backend is killed.
    for (;;) {
      const [copying] = await database.query("SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY atomic.events%' AND state = 'active'");
      if (copying) {
        await database.query('SELECT pg_terminate_backend($1)', [copying.pid]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await expect(load).rejects.toThrow(/batch cut/);
    expect(input.destroyed).toBe(true);
    expect(await countEvents()).toBe(0);
    expect(await loader.isLoaded('cut')).toBe(false);
    const retry = writeBatch('cut-retry.tsv', toTsvFile([samplePageView()]));
    expect(await loader.loadEnrichedFile(retry, 'cut')).toMatchObject({ loaded: true, rows: 1 });
  });

  it('names the file when it cannot be read', async () => {
    await expect(loader.loadEnrichedFile(path.join(directory, 'missing.tsv'), 'missing')).rejects.toThrow(/missing\.tsv/);
  });
});
