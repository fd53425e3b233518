// The analytics layer on the embedded store of `snowline start` (PostgreSQL from npm, started by storage), loaded
// with the fixture's files by storage's own loader: every view and derived table gives the rows computed in
// TypeScript from the same files.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresLoader, openEmbeddedPostgres, type EmbeddedPostgres } from '../storage/index.ts';
import { freePort } from '../test-support/ports.ts';
import { listEnrichedFiles } from './enriched-files.ts';
import { readEnrichedDir } from './fixture/enriched-tsv.ts';
import { expectedViews } from './fixture/expected/index.ts';
import { writeFixtureFiles } from './fixture/generate-fixture.ts';
import { installAnalytics, refreshDerived } from './install.ts';
import { viewsOf } from './sql-files.ts';
import { connectAsText } from './test-support/analytics-postgres.ts';
import { canonicalRows, columnsOf } from './test-support/compare-rows.ts';

const fixtureDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-sql-embedded-fixture-'));
writeFixtureFiles(fixtureDir);
const events = readEnrichedDir(fixtureDir);
const expected = expectedViews(events);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-sql-embedded-'));
// The embedded server runs as the postgres user when the tests run as root: it must reach the data directory.
chmodSync(dataDir, 0o755);

let store: EmbeddedPostgres;
let client: pg.Client;

beforeAll(async () => {
  store = await openEmbeddedPostgres({ dataDir, port: await freePort() });
  const loader = await createPostgresLoader({ connectionString: store.url });
  try {
    await loader.ensureSchema();
    for (const file of listEnrichedFiles(fixtureDir)) await loader.loadEnrichedFile(file, path.relative(fixtureDir, file));
  } finally {
    await loader.close();
  }
  client = await connectAsText(store.url);
  await installAnalytics(client);
  await refreshDerived(client);
}, 120_000);

afterAll(async () => {
  await client?.end();
  await store?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(fixtureDir, { recursive: true, force: true });
});

describe('the analytics layer on the embedded store', () => {
  it('holds every fixture event, loaded by the storage loader', async () => {
    const counted = await client.query('SELECT COUNT(*) AS n FROM atomic.events');
    expect(Number(counted.rows[0]!.n)).toBe(events.length);
  });

  it.each(viewsOf('postgres').map((view) => view.name))('%s gives the rows computed from the fixture', async (name) => {
    const rows = expected.views[name]!;
    const columns = columnsOf(rows);
    const actual = (await client.query(`SELECT ${columns.join(', ')} FROM ${name}`)).rows;
    expect(canonicalRows(actual, columns)).toEqual(canonicalRows(rows, columns));
  });

  it.each(Object.keys(expected.tables))('the refreshed table %s holds the rows computed from the fixture', async (table) => {
    const rows = expected.tables[table]!;
    const columns = columnsOf(rows);
    const actual = (await client.query(`SELECT ${columns.join(', ')} FROM ${table}`)).rows;
    expect(canonicalRows(actual, columns)).toEqual(canonicalRows(rows, columns));
  });
});
