// Loads batches into Amazon Redshift the way Redshift wants to be loaded: the batch's enriched TSV is staged in S3
// as a gzipped object with a manifest file, then one transaction locks the manifest table, skips a batch already
// recorded, runs COPY ... MANIFEST and records the batch. Rejected rows are read back from stl_load_errors.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import pg from 'pg';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client, type S3ClientOptions } from '../s3/client.ts';
import { uploadWhenWhole } from '../s3/upload-when-whole.ts';
import {
  redshiftAtomicEventsDdl,
  redshiftCopyStatement,
  redshiftManifestFile,
  REDSHIFT_LOAD_STATEMENTS as SQL,
  type RedshiftAuthorization,
} from './redshift-sql.ts';

const gzipAsync = promisify(gzip);

export interface RedshiftLoaderOptions {
  /** postgres://user@cluster:5439/db (Redshift speaks the PostgreSQL protocol); password from PGPASSWORD. */
  readonly connectionString: string;
  readonly s3: S3ClientOptions;
  readonly stagingBucket: string;
  /** Key prefix of staged objects and manifest files, e.g. `snowline/redshift-staging/`. */
  readonly stagingPrefix: string;
  readonly authorization: RedshiftAuthorization;
  readonly maxErrors: number;
  readonly analyzeAfterLoad: boolean;
  readonly vacuumAfterLoad: boolean;
}

export interface RedshiftLoadError {
  readonly line_number: number;
  readonly colname: string;
  readonly err_code: number;
  readonly err_reason: string;
  readonly raw_line: string;
}

export class RedshiftLoadFailedError extends Error {
  override readonly name = 'RedshiftLoadFailedError';
  constructor(message: string, readonly loadErrors: readonly RedshiftLoadError[], cause: unknown) {
    super(message, { cause });
  }
}

export interface RedshiftLoader {
  ensureSchema(): Promise<void>;
  healthCheck(): Promise<void>;
  /** Stages and loads one batch; `loaded` is false when the manifest already held it. */
  loadBatch(batchId: string, goodLines: readonly string[]): Promise<{ loaded: boolean; rows: number; rejectedRows: readonly RedshiftLoadError[] }>;
  /** Stores a batch's bad rows beside its staged data (`<batch>/bad.ndjson.gz`). */
  stageBadRows(batchId: string, badRows: readonly string[]): Promise<void>;
  /** Stages a batch (objects and manifest file) without loading it; returns the manifest's s3:// URL. */
  stageBatch(batchId: string, goodLines: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

const keySafe = (batchId: string) => batchId.replace(/[^A-Za-z0-9._=-]/g, '_');

export function createRedshiftLoader(options: RedshiftLoaderOptions): RedshiftLoader {
  const s3 = createS3Client(options.s3);
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 1 });
  pool.on('error', () => {});
  const temporaryPrefix = `${options.stagingPrefix}_tmp/`;

  async function stageBatch(batchId: string, goodLines: readonly string[]): Promise<string> {
    const folder = `${options.stagingPrefix}${keySafe(batchId)}/`;
    const body = await gzipAsync(Buffer.from(goodLines.map((line) => line + '\n').join('')));
    const dataKey = `${folder}part-0000.tsv.gz`;
    await uploadWhenWhole(s3, { bucket: options.stagingBucket, key: dataKey, temporaryPrefix, body, contentType: 'application/gzip' });
    const manifestKey = `${folder}batch.manifest`;
    const manifest = redshiftManifestFile([{ url: `s3://${options.stagingBucket}/${dataKey}`, contentLength: body.length }]);
    await uploadWhenWhole(s3, { bucket: options.stagingBucket, key: manifestKey, temporaryPrefix, body: Buffer.from(manifest), contentType: 'application/json' });
    return `s3://${options.stagingBucket}/${manifestKey}`;
  }

  return {
    async ensureSchema() {
      const statements = redshiftAtomicEventsDdl()
        .split('\n')
        .filter((line) => !line.startsWith('--'))
        .join('\n')
        .split(';')
        .map((statement) => statement.trim())
        .filter(Boolean);
      for (const statement of statements) await pool.query(statement);
    },
    async healthCheck() {
      await pool.query('SELECT 1');
      await s3.send(new HeadBucketCommand({ Bucket: options.stagingBucket }));
    },
    stageBatch,
    async stageBadRows(batchId, badRows) {
      const body = await gzipAsync(Buffer.from(badRows.map((line) => line + '\n').join('')));
      const key = `${options.stagingPrefix}${keySafe(batchId)}/bad.ndjson.gz`;
      await uploadWhenWhole(s3, { bucket: options.stagingBucket, key, temporaryPrefix, body, contentType: 'application/gzip' });
    },
    async loadBatch(batchId, goodLines) {
      const manifestUrl = await stageBatch(batchId, goodLines);
      const copy = redshiftCopyStatement({ manifestUrl, authorization: options.authorization, maxErrors: options.maxErrors });
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(SQL.begin);
        await client.query(SQL.lockManifest);
        if (((await client.query(SQL.findBatch, [batchId])).rowCount ?? 0) > 0) {
          await client.query(SQL.rollback);
          return { loaded: false, rows: 0, rejectedRows: [] };
        }
        let copied: pg.QueryResult;
        try {
          copied = await client.query(copy);
        } catch (error) {
          await client.query(SQL.rollback);
          const loadErrors = (await client.query<RedshiftLoadError>(SQL.loadErrors).catch(() => ({ rows: [] as RedshiftLoadError[] }))).rows;
          throw new RedshiftLoadFailedError(
            `Redshift rejected batch ${batchId} (staged at ${manifestUrl}, left there for a retry): ${(error as Error).message}` +
              loadErrors.slice(0, 3).map((row) => `; line ${row.line_number} column ${row.colname}: ${row.err_reason}`).join(''),
            loadErrors,
            error,
          );
        }
        // Rows rejected within MAXERROR do not fail the COPY; they are reported with the batch.
        const rejectedRows = (await client.query<RedshiftLoadError>(SQL.loadErrors)).rows;
        const rows = copied.rowCount ?? 0;
        await client.query(SQL.recordBatch, [batchId, rows, rejectedRows.length]);
        await client.query(SQL.commit);
        if (options.analyzeAfterLoad) await client.query(SQL.analyze);
        if (options.vacuumAfterLoad) await client.query(SQL.vacuum);
        return { loaded: true, rows, rejectedRows };
      } catch (error) {
        if (!(error instanceof RedshiftLoadFailedError)) {
          await client.query(SQL.rollback).catch((rollbackError: Error) => (broken = rollbackError));
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      s3.destroy();
      await pool.end();
    },
  };
}
