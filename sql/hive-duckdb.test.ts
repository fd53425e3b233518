// The Hive layer run in place with DuckDB over the fixture's enriched files: the external table's columns are
// the enriched fields, and every Hive basic recipe gives the rows computed in TypeScript from the same files (the
// PostgreSQL test checks the PostgreSQL recipes against the same rows, and compares the two engines directly).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENRICHED_FIELDS } from '../enrich/index.ts';
import { startLocalS3, useS3rverCredentials } from '../test-support/s3.ts';
import { freePort } from '../test-support/ports.ts';
import { hiveEventColumns, listEnrichedFiles, openEnrichedFiles, queryEnrichedFiles } from './enriched-files.ts';
import { readEnrichedDir } from './fixture/enriched-tsv.ts';
import { expectedViews } from './fixture/expected/index.ts';
import { writeFixtureFiles } from './fixture/generate-fixture.ts';
import { viewsOf } from './sql-files.ts';
import { canonicalRows, columnsOf } from './test-support/compare-rows.ts';

const HIVE_TYPES = { string: 'STRING', uuid: 'STRING', json: 'STRING', int: 'INT', double: 'DOUBLE', decimal: 'DOUBLE', bool: 'TINYINT', timestamp: 'TIMESTAMP' };
const HIVE_HELPER_VIEWS = ['recipes_basic.web_events', 'recipes_basic.page_views', 'recipes_basic.sessions'];

const fixtureDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-sql-hive-'));
writeFixtureFiles(fixtureDir);
const events = readEnrichedDir(fixtureDir);
const expected = expectedViews(events);
const recipes = viewsOf('hive').map((view) => view.name).filter((name) => !HIVE_HELPER_VIEWS.includes(name));
let connection: DuckDBConnection;

beforeAll(async () => {
  connection = await openEnrichedFiles(fixtureDir);
});

afterAll(() => {
  connection?.closeSync();
  rmSync(fixtureDir, { recursive: true, force: true });
});

async function duckdbRows(sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

describe('the Hive layer on DuckDB over the enriched files', () => {
  it('declares atomic.events with the 131 enriched fields in TSV order, typed by kind', () => {
    expect(hiveEventColumns()).toEqual(ENRICHED_FIELDS.map((field) => [field.name, HIVE_TYPES[field.kind]]));
  });

  it('reads every event of the files, with nulls for empty fields', async () => {
    const [counts] = await duckdbRows(`SELECT COUNT(*) AS events, COUNT(user_id) AS with_user_id, COUNT(DISTINCT event_id) AS ids FROM atomic.events`);
    expect(Number(counts!.events)).toBe(events.length);
    expect(Number(counts!.with_user_id)).toBe(events.filter((e) => e.user_id !== null).length);
    expect(Number(counts!.ids)).toBe(events.length);
  });

  it('has the 17 basic recipes of the PostgreSQL layer', () => {
    const postgresBasic = viewsOf('postgres').map((view) => view.name).filter((name) => name.startsWith('recipes_basic.'));
    expect(recipes.sort()).toEqual(postgresBasic.sort());
    expect(recipes).toHaveLength(17);
  });

  it.each(recipes)('%s gives the rows computed from the fixture', async (name) => {
    const rows = expected.views[name]!;
    const columns = columnsOf(rows);
    expect(canonicalRows(await duckdbRows(`SELECT ${columns.join(', ')} FROM ${name}`), columns)).toEqual(canonicalRows(rows, columns));
  });

  it('builds its visits the way derived.sessions does', async () => {
    const columns = ['domain_sessionid', 'domain_userid', 'start_day', 'duration_s', 'page_views', 'page_pings', 'distinct_pages'];
    const sessions = await duckdbRows(`SELECT ${columns.join(', ')} FROM recipes_basic.sessions`);
    expect(canonicalRows(sessions, columns)).toEqual(canonicalRows(expected.tables['derived.sessions']!, columns));
  });

  it('answers ad-hoc SQL over a folder, and says so when the folder holds no enriched files', async () => {
    const result = await queryEnrichedFiles(fixtureDir, `SELECT platform, COUNT(*) AS events FROM atomic.events GROUP BY platform ORDER BY platform`);
    expect(result.columns).toEqual(['platform', 'events']);
    expect(result.rows.map((row) => [row.platform, Number(row.events)])).toEqual([
      ['iot', events.filter((e) => e.platform === 'iot').length],
      ['web', events.filter((e) => e.platform === 'web').length],
    ]);
    const empty = mkdtempSync(path.join(os.tmpdir(), 'snowline-sql-empty-'));
    try {
      await expect(queryEnrichedFiles(empty, 'SELECT 1')).rejects.toThrow(/no enriched files/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('answers SQL over the enriched files under an S3 prefix (a local S3-compatible server)', async () => {
    useS3rverCredentials();
    const s3 = await startLocalS3(['lake'], await freePort());
    const client = { endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true };
    try {
      const uploader = new S3Client({ ...client, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
      for (const file of listEnrichedFiles(fixtureDir)) {
        const key = `enriched/good/${path.relative(fixtureDir, file)}`;
        await uploader.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: readFileSync(file) }));
      }
      await uploader.send(new PutObjectCommand({ Bucket: 'lake', Key: 'enriched/good/_SUCCESS', Body: '' }));
      uploader.destroy();
      const result = await queryEnrichedFiles('s3://lake/enriched/good/', 'SELECT day, page_views FROM recipes_basic.page_views_by_day', { s3: client });
      const columns = ['day', 'page_views'];
      expect(canonicalRows(result.rows, columns)).toEqual(canonicalRows(expected.views['recipes_basic.page_views_by_day']!, columns));
    } finally {
      await s3.stop();
    }
  });
});
