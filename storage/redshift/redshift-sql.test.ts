import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dialect, init, parse } from '@polyglot-sql/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { findSqlFile } from '../postgres/schema.ts';
import { redshiftAtomicEventsDdl, redshiftCopyStatement, redshiftManifestFile, REDSHIFT_LOAD_STATEMENTS } from './redshift-sql.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const golden = (name: string) => path.join(here, 'golden', name);
// SNOWLINE_UPDATE_GOLDEN=1 rewrites the golden files from the generator (review the diff before committing).
const update = process.env.SNOWLINE_UPDATE_GOLDEN === '1';

function expectGolden(file: string, actual: string) {
  if (update) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

/** What PostgreSQL can run of a Redshift statement: no column encodings, no distribution or sort keys, now() for GETDATE(). */
function forPostgres(statement: string): string {
  return statement
    .replace(/ ENCODE (ZSTD|RAW)/g, '')
    .replace(/\)\s*DISTSTYLE (KEY|ALL)( DISTKEY \(\w+\))?( SORTKEY \(\w+\))?$/, ')')
    .replace(/GETDATE\(\)/g, 'LOCALTIMESTAMP');
}

const COPY_WITH_ROLE = redshiftCopyStatement({
  manifestUrl: 's3://acme-snowline/snowline/redshift-staging/batch-000001/batch.manifest',
  authorization: { iamRoleArn: 'arn:aws:iam::123456789012:role/snowline-loader' },
  maxErrors: 10,
});
const COPY_WITH_KEYS = redshiftCopyStatement({
  manifestUrl: 's3://acme-snowline/snowline/redshift-staging/batch-000001/batch.manifest',
  authorization: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'c2VjcmV0/key+=' },
  maxErrors: 0,
  region: 'eu-west-1',
});

beforeAll(async () => {
  await init();
});

describe('Redshift SQL', () => {
  it('generates the atomic.events DDL in sql/redshift/atomic-events.sql', () => {
    expectGolden(path.join(path.dirname(findSqlFile('sql/postgres/atomic-events.sql')), '../redshift/atomic-events.sql'), redshiftAtomicEventsDdl());
  });

  it('generates the COPY ... MANIFEST statements in the golden files', () => {
    expectGolden(golden('copy-iam-role.sql'), COPY_WITH_ROLE + '\n');
    expectGolden(golden('copy-access-keys.sql'), COPY_WITH_KEYS + '\n');
    expectGolden(golden('load-statements.json'), JSON.stringify(REDSHIFT_LOAD_STATEMENTS, null, 2) + '\n');
  });

  it('writes a manifest file that lists every staged object as mandatory with its length', () => {
    expect(JSON.parse(redshiftManifestFile([{ url: 's3://b/k/1.tsv.gz', contentLength: 42 }]))).toEqual({
      entries: [{ url: 's3://b/k/1.tsv.gz', mandatory: true, meta: { content_length: 42 } }],
    });
  });

  it('parses every generated statement with the Redshift dialect of polyglot-sql', () => {
    const statements = [
      ...splitStatements(redshiftAtomicEventsDdl()),
      COPY_WITH_ROLE,
      COPY_WITH_KEYS,
      ...Object.values(REDSHIFT_LOAD_STATEMENTS),
    ];
    for (const statement of statements) {
      const result = parse(statement, Dialect.Redshift);
      expect(result.error, statement.slice(0, 80)).toBeNull();
      expect(result.success).toBe(true);
    }
    const [copy] = parse(COPY_WITH_ROLE, Dialect.Redshift).ast as Array<Record<string, unknown>>;
    expect(Object.keys(copy!)).toEqual(['copy']);
    const [create] = parse(splitStatements(redshiftAtomicEventsDdl())[1]!, Dialect.Redshift).ast as Array<Record<string, unknown>>;
    expect(Object.keys(create!)).toEqual(['create_table']);
  });

  it('refuses literals that could break out of the COPY statement', () => {
    expect(() => redshiftCopyStatement({ ...base(), manifestUrl: "s3://b/k' IAM_ROLE 'x" })).toThrow(/not an s3/);
    expect(() => redshiftCopyStatement({ ...base(), authorization: { iamRoleArn: "arn:aws:iam::123456789012:role/x'--" } })).toThrow(/not an IAM role/);
    expect(() => redshiftCopyStatement({ ...base(), authorization: { accessKeyId: "A';", secretAccessKey: 'b' } })).toThrow(/access keys/);
    expect(() => redshiftCopyStatement({ ...base(), maxErrors: -1 })).toThrow(/maxErrors/);
  });
});

function base() {
  return { manifestUrl: 's3://acme-snowline/x.manifest', authorization: { iamRoleArn: 'arn:aws:iam::123456789012:role/r' }, maxErrors: 1 };
}

describe('Redshift SQL on a real PostgreSQL (the statements PostgreSQL shares with Redshift)', () => {
  let database: TemporaryPostgres;
  beforeAll(async () => {
    database = await startTemporaryPostgres();
  });
  afterAll(async () => {
    await database?.stop();
  });

  it('creates atomic.events and the manifest from the Redshift DDL without its encodings and keys', async () => {
    for (const statement of splitStatements(redshiftAtomicEventsDdl())) await database.query(forPostgres(statement));
    const columns = await database.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'atomic' AND table_name = 'events' ORDER BY ordinal_position",
    );
    expect(columns).toHaveLength(132);
    expect(columns.at(-1)!.column_name).toBe('load_tstamp');
  });

  it('runs the manifest bookkeeping of a batch load: a batch is recorded once', async () => {
    const client = await database.connect();
    try {
      const s = REDSHIFT_LOAD_STATEMENTS;
      for (const attempt of [1, 2]) {
        await client.query(s.begin);
        await client.query(s.lockManifest);
        const found = await client.query(s.findBatch, ['batch-000001']);
        if (found.rowCount === 0) await client.query(s.recordBatch, ['batch-000001', 100, 2]);
        await client.query(found.rowCount === 0 ? s.commit : s.rollback);
        expect(found.rowCount).toBe(attempt === 1 ? 0 : 1);
      }
      await client.query(s.analyze);
      const rows = await client.query('SELECT batch_id, event_count::int, bad_count::int FROM atomic.snowline_manifest');
      expect(rows.rows).toEqual([{ batch_id: 'batch-000001', event_count: 100, bad_count: 2 }]);
    } finally {
      await client.end();
    }
  });
});
