// The Redshift variants: every statement parses with node-sql-parser's Redshift dialect, they differ from the
// PostgreSQL ones exactly where sql/dialect-differences.ts says, and (with Redshift's JSON functions defined on a
// real PostgreSQL) every Redshift view gives the same rows on the fixture as computed in TypeScript.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlParser from 'node-sql-parser';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporaryPostgres, type TemporaryPostgres } from '../test-support/postgres.ts';
import { REDSHIFT_DIFFERENCES, REDSHIFT_TABLE_ATTRIBUTES } from './dialect-differences.ts';
import { readEnrichedDir, readEnrichedLines } from './fixture/enriched-tsv.ts';
import { expectedViews } from './fixture/expected/index.ts';
import { writeFixtureFiles } from './fixture/generate-fixture.ts';
import { installFiles, readSqlFile, refreshStatements, splitStatements, viewsOf } from './sql-files.ts';
import { connectAsText } from './test-support/analytics-postgres.ts';
import { canonicalRows, columnsOf } from './test-support/compare-rows.ts';
import { copyEnrichedLines } from './test-support/load-enriched.ts';
import { REDSHIFT_FUNCTIONS_ON_POSTGRES, atomicEventsWithTextJson, redshiftStatementForPostgres } from './test-support/redshift-on-postgres.ts';

const parser = new sqlParser.Parser();

// atomic.events is storage's DDL, different in each dialect by design; the comparison is about the analytics layer.
const ANALYTICS_FILES = (dialect: 'postgres' | 'redshift') => installFiles(dialect).filter((file) => file !== 'atomic-events.sql');

function statementsOf(dialect: 'postgres' | 'redshift'): string[] {
  return installFiles(dialect).flatMap((file) => splitStatements(readSqlFile(dialect, file)));
}

/** Names each statement of the analytics files by the object it creates, or by its file and first line. */
function byObject(dialect: 'postgres' | 'redshift'): Map<string, string> {
  const named = new Map<string, string>();
  for (const file of ANALYTICS_FILES(dialect)) {
    for (const statement of splitStatements(readSqlFile(dialect, file))) {
      const match = /^CREATE\s+(?:OR\s+REPLACE\s+)?(?:VIEW|TABLE|SCHEMA)\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w.]+)/i.exec(statement);
      const name = match ? match[1]! : `${file}: ${statement.split('\n')[0]}`;
      expect(named.has(name), name).toBe(false);
      named.set(name, statement.replace(/\s+/g, ' ').trim());
    }
  }
  return named;
}

describe('the Redshift analytics SQL', () => {
  it('parses, statement by statement, with the Redshift dialect of node-sql-parser (table attributes stripped: the parser does not know them)', () => {
    const statements = [...statementsOf('redshift'), ...refreshStatements('redshift')];
    expect(statements.length).toBeGreaterThan(90);
    for (const statement of statements) {
      const parseable = statement.replace(REDSHIFT_TABLE_ATTRIBUTES, ')');
      expect(() => parser.astify(parseable, { database: 'Redshift' }), statement.slice(0, 200)).not.toThrow();
    }
  });

  it('uses none of the PostgreSQL-only syntax that the lenient parser would let through', () => {
    const text = [...statementsOf('redshift'), ...refreshStatements('redshift')].join('\n');
    for (const postgresOnly of [/->>?/, /#>>?/, /\bjsonb/i, /::/, /FILTER\s*\(\s*WHERE/i, /\bDISTINCT\s+ON\b/i, /\bSTRING_AGG\b/i, /\bINTERVAL\b/i, /\bCURRENT_TIMESTAMP\b/i]) {
      expect(text).not.toMatch(postgresOnly);
    }
  });

  it('differs from the PostgreSQL SQL only in the statements listed, with their reasons, in dialect-differences.ts', () => {
    const postgres = byObject('postgres');
    const redshift = byObject('redshift');
    const differing = [...new Set([...postgres.keys(), ...redshift.keys()])].filter((name) => postgres.get(name) !== redshift.get(name));
    const postgresRefresh = refreshStatements('postgres');
    const redshiftRefresh = refreshStatements('redshift');
    expect(redshiftRefresh).toHaveLength(postgresRefresh.length);
    postgresRefresh.forEach((statement, index) => {
      if (statement.replace(/\s+/g, ' ') !== redshiftRefresh[index]!.replace(/\s+/g, ' ')) differing.push(`refresh.sql statement ${index + 1}`);
    });
    expect(differing.sort()).toEqual(Object.keys(REDSHIFT_DIFFERENCES).sort());
  });

  describe('run on PostgreSQL with Redshift\'s JSON functions', () => {
    const fixtureDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-sql-redshift-'));
    writeFixtureFiles(fixtureDir);
    const expected = expectedViews(readEnrichedDir(fixtureDir));
    let server: TemporaryPostgres;
    let client: pg.Client;

    beforeAll(async () => {
      server = await startTemporaryPostgres();
      client = await connectAsText(server.url);
      for (const statement of [...REDSHIFT_FUNCTIONS_ON_POSTGRES, ...atomicEventsWithTextJson()]) await client.query(statement);
      await copyEnrichedLines(client, readEnrichedLines(fixtureDir));
      for (const statement of [...statementsOf('redshift'), ...refreshStatements('redshift')]) {
        await client.query(redshiftStatementForPostgres(statement));
      }
    });

    afterAll(async () => {
      await client?.end();
      await server?.stop();
      rmSync(fixtureDir, { recursive: true, force: true });
    });

    it('installs the same views as PostgreSQL, plus derived.event_entities', () => {
      const redshiftViews = viewsOf('redshift').map((view) => view.name);
      expect(redshiftViews.filter((name) => name !== 'derived.event_entities').sort()).toEqual(viewsOf('postgres').map((view) => view.name).sort());
    });

    it.each(viewsOf('redshift').map((view) => view.name).filter((name) => name !== 'derived.event_entities'))(
      '%s gives the rows computed from the fixture', async (name) => {
        const rows = expected.views[name]!;
        const columns = columnsOf(rows);
        const actual = (await client.query(`SELECT ${columns.join(', ')} FROM ${name}`)).rows;
        expect(canonicalRows(actual, columns)).toEqual(canonicalRows(rows, columns));
      });

    it.each(Object.keys(expected.tables))('the Redshift refresh fills %s with the rows computed from the fixture', async (table) => {
      const rows = expected.tables[table]!;
      const columns = columnsOf(rows);
      const actual = (await client.query(`SELECT ${columns.join(', ')} FROM ${table}`)).rows;
      expect(canonicalRows(actual, columns)).toEqual(canonicalRows(rows, columns));
    });
  });
});
