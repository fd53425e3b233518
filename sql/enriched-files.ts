// SQL over enriched TSV files with no database: DuckDB reads the files in place through the same column list as
// the Hive external table (sql/hive/events-table.sql), with the Hive functions the recipes use defined as DuckDB
// macros, and the Hive recipe views created on top. `snowline query --files <dir|s3://bucket/prefix> "<sql>"`.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { downloadEnrichedPrefix, type S3Location } from './s3-download.ts';
import { readSqlFile, splitStatements } from './sql-files.ts';

const HIVE_TO_DUCKDB_TYPES: Record<string, string> = {
  STRING: 'VARCHAR', TIMESTAMP: 'TIMESTAMP', INT: 'INTEGER', DOUBLE: 'DOUBLE', TINYINT: 'TINYINT',
};

/** The Hive functions used by sql/hive, with Hive's meaning (UTC), for DuckDB. */
const HIVE_FUNCTIONS = [
  'CREATE MACRO to_date(value) AS CAST(value AS DATE)',
  'CREATE MACRO unix_timestamp(value) AS CAST(floor(epoch(value)) AS BIGINT)',
];

/** The columns of atomic.events as the Hive DDL declares them: [name, Hive type], in TSV order. */
export function hiveEventColumns(): Array<[string, string]> {
  const ddl = readSqlFile('hive', 'events-table.sql');
  const body = /CREATE EXTERNAL TABLE IF NOT EXISTS atomic\.events \(\n([\s\S]+?)\n\)/.exec(ddl);
  if (!body) throw new Error('sql/hive/events-table.sql: no column list found for atomic.events');
  return body[1]!.split('\n').map((line) => {
    const [name, type] = line.trim().replace(/,$/, '').split(/\s+/);
    return [name!, type!];
  });
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Every enriched TSV file (`.tsv`, or gzipped `.tsv.gz`) under a folder, at any depth, sorted by path. */
export function listEnrichedFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...listEnrichedFiles(full));
    else if (entry.endsWith('.tsv') || entry.endsWith('.tsv.gz')) found.push(full);
  }
  return found.sort();
}

function eventsViewSql(dir: string): string {
  const files = listEnrichedFiles(dir);
  if (files.length === 0) throw new Error(`no enriched files (*.tsv, *.tsv.gz) under ${dir}`);
  const columns = hiveEventColumns()
    .map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(HIVE_TO_DUCKDB_TYPES[type] ?? 'VARCHAR')}`)
    .join(', ');
  // quote='' and escape='': enriched TSV has no quoting, and its JSON fields are full of double quotes.
  return `CREATE VIEW atomic.events AS SELECT * FROM read_csv([${files.map((file) => quoteLiteral(path.resolve(file))).join(', ')}], delim='\t', header=false, quote='', escape='',
    nullstr='', auto_detect=false, columns={${columns}})`;
}

/** Hive DDL as DuckDB runs it: a Hive database is a DuckDB schema. */
function hiveStatementForDuckdb(statement: string): string {
  return statement.replace(/^CREATE DATABASE IF NOT EXISTS/i, 'CREATE SCHEMA IF NOT EXISTS');
}

export interface FilesQueryResult {
  readonly columns: string[];
  /** Rows as JSON-friendly values: numbers, strings (timestamps as `YYYY-MM-DD HH:MM:SS.mmm`, big integers as text), booleans, null. */
  readonly rows: Record<string, unknown>[];
}

export interface FilesQueryOptions {
  /** For an s3:// location: the S3 client settings (endpoint, region, credentials, path-style). */
  readonly s3?: S3Location['client'];
}

async function withEnrichedDir<T>(location: string, options: FilesQueryOptions, use: (dir: string) => Promise<T>): Promise<T> {
  if (!location.startsWith('s3://')) return use(location);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snowline-files-query-'));
  try {
    await downloadEnrichedPrefix({ url: location, client: options.s3 }, dir);
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens DuckDB over the enriched files in `dir`: atomic.events, the Hive functions, and the Hive recipe views. */
export async function openEnrichedFiles(dir: string): Promise<DuckDBConnection> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const statement of [...HIVE_FUNCTIONS, 'CREATE SCHEMA atomic', eventsViewSql(dir)]) await connection.run(statement);
  for (const statement of splitStatements(readSqlFile('hive', 'recipes/basic.sql'))) {
    await connection.run(hiveStatementForDuckdb(statement));
  }
  return connection;
}

/** Runs one SQL statement over the enriched TSV files under a folder or an s3:// prefix. */
export async function queryEnrichedFiles(location: string, sql: string, options: FilesQueryOptions = {}): Promise<FilesQueryResult> {
  return withEnrichedDir(location, options, async (dir) => {
    const connection = await openEnrichedFiles(dir);
    try {
      const reader = await connection.runAndReadAll(sql);
      return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Record<string, unknown>[] };
    } finally {
      connection.closeSync();
    }
  });
}
