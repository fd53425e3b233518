// Every recipe, cube and derived model on a real PostgreSQL, loaded with the fixture's enriched TSV by COPY, is
// checked against the numbers computed independently in TypeScript from the same files.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporaryPostgres, type TemporaryPostgres } from '../test-support/postgres.ts';
import { readEnrichedDir, readEnrichedLines } from './fixture/enriched-tsv.ts';
import { expectedViews } from './fixture/expected/index.ts';
import { writeFixtureFiles } from './fixture/generate-fixture.ts';
import { openEnrichedFiles } from './enriched-files.ts';
import { installAnalytics, refreshDerived } from './install.ts';
import { viewsOf } from './sql-files.ts';
import { connectAsText } from './test-support/analytics-postgres.ts';
import { canonicalRows, columnsOf } from './test-support/compare-rows.ts';
import { copyEnrichedLines } from './test-support/load-enriched.ts';

const fixtureDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-sql-fixture-'));
writeFixtureFiles(fixtureDir);
const expected = expectedViews(readEnrichedDir(fixtureDir));
const views = viewsOf('postgres');

let server: TemporaryPostgres;
let client: pg.Client;

beforeAll(async () => {
  server = await startTemporaryPostgres();
  client = await connectAsText(server.url);
  await installAnalytics(client);
  await copyEnrichedLines(client, readEnrichedLines(fixtureDir));
  await refreshDerived(client);
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
  rmSync(fixtureDir, { recursive: true, force: true });
});

async function actualRows(relation: string, columns: readonly string[]) {
  return (await client.query(`SELECT ${columns.join(', ')} FROM ${relation}`)).rows;
}

describe('the PostgreSQL analytics layer on the fixture', () => {
  it('has an expected result for every view it installs, and a view for every expected result', () => {
    expect(views.map((view) => view.name).sort()).toEqual(Object.keys(expected.views).sort());
  });

  it.each(views.map((view) => view.name))('%s gives the rows computed from the fixture', async (name) => {
    const rows = expected.views[name]!;
    expect(rows.length).toBeGreaterThan(0);
    const columns = columnsOf(rows);
    expect(canonicalRows(await actualRows(name, columns), columns)).toEqual(canonicalRows(rows, columns));
  });

  it.each(Object.keys(expected.tables))('the refreshed table %s holds the rows computed from the fixture', async (table) => {
    const rows = expected.tables[table]!;
    const columns = columnsOf(rows);
    const described = await client.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema || '.' || table_name = $1`, [table]);
    expect(described.rows.map((row) => row.column_name).sort()).toEqual(columns);
    expect(canonicalRows(await actualRows(table, columns), columns)).toEqual(canonicalRows(rows, columns));
  });

  it('does not count the re-sent order twice', async () => {
    const orders = await client.query(`SELECT tr_orderid FROM cubes_ecomm.transactions_basic WHERE tr_orderid = 'ORD-1000'`);
    const tracked = await client.query(`SELECT COUNT(*) AS n FROM atomic.events WHERE tr_orderid = 'ORD-1000'`);
    expect(orders.rows).toHaveLength(1);
    expect(Number(tracked.rows[0]!.n)).toBe(2);
  });

  it('gives the same rows for every basic recipe as the Hive recipes run with DuckDB over the same files', async () => {
    const duckdb = await openEnrichedFiles(fixtureDir);
    try {
      for (const name of views.map((view) => view.name).filter((view) => view.startsWith('recipes_basic.'))) {
        const columns = columnsOf(expected.views[name]!);
        const hive = (await duckdb.runAndReadAll(`SELECT ${columns.join(', ')} FROM ${name}`)).getRowObjectsJson() as Record<string, unknown>[];
        expect(canonicalRows(hive, columns), name).toEqual(canonicalRows(await actualRows(name, columns), columns));
      }
    } finally {
      duckdb.closeSync();
    }
  });
});
