// Loads sealed enriched TSV files into atomic.events with COPY ... FROM STDIN (client-side COPY works on managed
// services where server-side COPY FROM a file does not). Each file is one transaction that also writes its manifest
// row, so a batch is either loaded and recorded or neither, and a re-run never loads it twice.
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { BadRow } from '../../enrich/index.ts';
import { loaderParsingError } from '../loader-bad-row.ts';
import { openTextFile, readLineChunks } from '../read-lines.ts';
import { ATOMIC_EVENTS_COLUMNS, checkEnrichedLine } from './enriched-line.ts';
import { ensureAtomicSchema } from './schema.ts';
import { CREATE_STAGING_SQL, InBatchDuplicateFilter, INSERT_FROM_STAGING_SQL, UNIQUE_VIOLATION } from './exact-duplicates.ts';
import { Shredder, type SchemaSource } from './shredder.ts';

export interface LoadResult {
  /** False when the batch id was already in the manifest: nothing was loaded. */
  readonly loaded: boolean;
  /** Rows that landed in atomic.events (after exact duplicates were dropped). */
  readonly rows: number;
  /** `loader_parsing_error` bad rows for lines that could not be loaded; the rest of the batch loaded. */
  readonly badRows: BadRow[];
  /** Exact duplicates (same event_id and event_fingerprint as a row already loaded or earlier in the batch). */
  readonly duplicateRows: number;
  /** Rows written to per-schema tables (0 unless shredding is on). */
  readonly shreddedRows: number;
}

export interface PostgresLoader {
  /** Creates atomic.events and the manifest table when missing (safe to run concurrently and repeatedly). */
  ensureSchema(): Promise<void>;
  /** Loads one sealed enriched TSV file (gzipped when its name ends in `.gz`) as the batch `batchId`. */
  loadEnrichedFile(path: string, batchId: string): Promise<LoadResult>;
  /**
   * Loads a stream of enriched TSV as the batch `batchId` (opened only if the batch is new, and a second time when the
   * batch holds events already stored: see exact-duplicates.ts).
   * `upstreamBadRows` (bad-row JSON delivered with the batch) are stored with it in atomic.snowline_bad_rows.
   */
  loadEnrichedStream(openInput: () => Readable | Promise<Readable>, batchId: string, upstreamBadRows?: readonly string[]): Promise<LoadResult>;
  /** Connects and runs a trivial query: fails with the server's or the network's reason. */
  ping(): Promise<void>;
  /** Whether the batch is recorded in the manifest. */
  isLoaded(batchId: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface PostgresLoaderOptions {
  readonly connectionString: string;
  /** Connections kept open; loads beyond this wait for one. */
  readonly maxConnections?: number;
  /** Shred entities and self-describing events into per-schema tables, typed from these schemas. */
  readonly shredding?: SchemaSource;
}

/** A load that the database rejected or that failed midway: nothing of the batch was committed. */
export class LoadFailedError extends Error {
  override readonly name = 'LoadFailedError';
}

const COPY_SQL = `COPY atomic.events (${ATOMIC_EVENTS_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT text, NULL '')`;
const COPY_INTO_STAGING_SQL = `COPY pg_temp.snowline_batch (${ATOMIC_EVENTS_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT text, NULL '')`;

const COPY_BUFFER_BYTES = 1024 * 1024;

export async function createPostgresLoader(options: PostgresLoaderOptions): Promise<PostgresLoader> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 2 });
  // An idle client whose backend is killed emits 'error' on the pool; it is discarded and replaced on next use.
  pool.on('error', () => {});

  async function copyBatch(client: pg.PoolClient, copySql: string, input: Readable, duplicates: InBatchDuplicateFilter, shredder: Shredder | undefined) {
    // A checked chunk (~64 KB) is larger than a Writable's default 16 KB buffer, so each write would wait for the
    // socket to drain before the next chunk is checked; 1 MiB lets checking in Node and COPY in the server overlap.
    const copy = client.query(copyStreams.from(copySql, { highWaterMark: COPY_BUFFER_BYTES }));
    const copyDone = once(copy, 'finish');
    copyDone.catch(() => {});
    // The server can reject the COPY while rows are still being sent; nothing may be written after that.
    let copyFailed: Error | undefined;
    copy.on('error', (error) => {
      copyFailed ??= error;
      input.destroy();
    });
    const badRows: BadRow[] = [];
    try {
      for await (const lines of readLineChunks(input)) {
        // Joined once per chunk: appending line by line builds a rope that the write has to flatten again.
        const copyLines: string[] = [];
        for (let line of lines) {
          if (line.endsWith('\r')) line = line.slice(0, -1);
          if (line === '') continue;
          const checked = checkEnrichedLine(line);
          if (!checked.ok) {
            badRows.push(loaderParsingError(line, checked.errors));
            continue;
          }
          if (!duplicates.admit(checked.eventId, checked.eventFingerprint)) continue;
          copyLines.push(checked.copyLine);
          shredder?.collect(line);
        }
        if (copyFailed) throw copyFailed;
        if (copyLines.length > 0 && !copy.write(copyLines.join('\n') + '\n')) await Promise.race([once(copy, 'drain'), copyDone]);
      }
      if (copyFailed) throw copyFailed;
      copy.end();
      await copyDone;
    } catch (error) {
      input.destroy();
      // Sends CopyFail, so the server aborts the COPY instead of waiting for more data.
      if (!copy.destroyed) copy.destroy(error as Error);
      await copyDone.catch(() => {});
      // When the server rejected the COPY, the read error that follows is only a consequence.
      throw copyFailed ?? error;
    }
    return { copiedRows: copy.rowCount, badRows };
  }

  async function loadEnrichedStream(openInput: () => Readable | Promise<Readable>, batchId: string, upstreamBadRows: readonly string[] = []): Promise<LoadResult> {
    const client = await pool.connect();
    let clientBroken: Error | undefined;
    // A connection that dies mid-load is reported through the load's own error; the client must not also throw.
    const onClientError = (error: Error) => (clientBroken = error);
    client.on('error', onClientError);
    try {
      await client.query('BEGIN');
      // Claiming the batch id first makes a concurrent load of the same batch wait here, then find it taken.
      const claim = await client.query(
        'INSERT INTO atomic.snowline_manifest (batch_id, event_count, bad_count) VALUES ($1, 0, 0) ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id',
        [batchId],
      );
      if (claim.rowCount === 0) {
        await client.query('ROLLBACK');
        return { loaded: false, rows: 0, badRows: [], duplicateRows: 0, shreddedRows: 0 };
      }
      // Usual path: COPY straight into atomic.events. A stored duplicate makes it fail on the unique index; then the
      // batch goes again through a staging table (see exact-duplicates.ts).
      await client.query('SAVEPOINT snowline_copy');
      let duplicates = new InBatchDuplicateFilter();
      let shredder = options.shredding ? new Shredder(options.shredding) : undefined;
      let copied = await copyBatch(client, COPY_SQL, await openInput(), duplicates, shredder).catch((error: unknown) => error as Error);
      let rows: number;
      let storedDuplicates = 0;
      const excludedRootIds = new Set<string>();
      if (copied instanceof Error) {
        if ((copied as { code?: string }).code !== UNIQUE_VIOLATION) throw copied;
        await client.query('ROLLBACK TO SAVEPOINT snowline_copy');
        await client.query(CREATE_STAGING_SQL);
        duplicates = new InBatchDuplicateFilter();
        shredder = options.shredding ? new Shredder(options.shredding) : undefined;
        copied = await copyBatch(client, COPY_INTO_STAGING_SQL, await openInput(), duplicates, shredder);
        const inserted = await client.query<{ event_id: string }>(INSERT_FROM_STAGING_SQL);
        rows = inserted.rowCount ?? 0;
        storedDuplicates = copied.copiedRows - rows;
        if (shredder) {
          const insertedIds = new Set(inserted.rows.map((row) => row.event_id));
          const staged = await client.query<{ event_id: string }>('SELECT event_id::text AS event_id FROM pg_temp.snowline_batch');
          for (const row of staged.rows) if (!insertedIds.has(row.event_id)) excludedRootIds.add(row.event_id);
        }
      } else {
        rows = copied.copiedRows;
      }
      await client.query('RELEASE SAVEPOINT snowline_copy');
      const badRows = copied.badRows;
      const duplicateRows = storedDuplicates + duplicates.droppedInBatch;
      const shreddedRows = shredder ? await shredder.write(client, excludedRootIds) : 0;
      const badRowTexts = [...upstreamBadRows, ...badRows.map((row) => JSON.stringify(row))];
      if (badRowTexts.length > 0) {
        await client.query('INSERT INTO atomic.snowline_bad_rows (batch_id, bad_row) SELECT $1, unnest($2::text[])', [batchId, badRowTexts]);
      }
      await client.query(
        'UPDATE atomic.snowline_manifest SET event_count = $2, bad_count = $3, duplicate_count = $4 WHERE batch_id = $1',
        [batchId, rows, badRows.length, duplicateRows],
      );
      await client.query('COMMIT');
      return { loaded: true, rows, badRows, duplicateRows, shreddedRows };
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        clientBroken = rollbackError as Error;
      }
      throw new LoadFailedError(`loading batch ${batchId} into atomic.events failed, nothing was committed: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      client.off('error', onClientError);
      client.release(clientBroken);
    }
  }

  return {
    async ensureSchema() {
      const client = await pool.connect();
      try {
        await ensureAtomicSchema(client);
      } finally {
        client.release();
      }
    },
    async loadEnrichedFile(path, batchId) {
      try {
        await access(path);
      } catch (error) {
        throw new LoadFailedError(`cannot read enriched file ${path}: ${(error as Error).message}`, { cause: error });
      }
      return loadEnrichedStream(() => openTextFile(path), batchId);
    },
    loadEnrichedStream,
    async ping() {
      await pool.query('SELECT 1');
    },
    async isLoaded(batchId) {
      const result = await pool.query('SELECT 1 FROM atomic.snowline_manifest WHERE batch_id = $1', [batchId]);
      return (result.rowCount ?? 0) > 0;
    },
    async close() {
      await pool.end();
    },
  };
}
