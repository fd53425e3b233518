// Creates atomic.events and the load manifest from sql/postgres/atomic-events.sql, the one definition of the table.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const DDL_RELATIVE_PATH = 'sql/postgres/atomic-events.sql';

// Any fixed number works; it only has to be the same in every Snowline process.
const SCHEMA_LOCK_KEY = 7_411_010_001;

/** Finds the SQL file from this module whether it runs from source (storage/postgres/) or bundled (dist/). */
export function findSqlFile(relativePath: string): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, relativePath);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`${relativePath} not found above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
}

export function atomicEventsDdl(): string {
  return readFileSync(findSqlFile(DDL_RELATIVE_PATH), 'utf8');
}

/**
 * Runs the DDL under a transaction-scoped advisory lock: two processes running CREATE TABLE IF NOT EXISTS at the
 * same moment can otherwise both try to create the table's type and one fails.
 */
export async function ensureAtomicSchema(client: pg.ClientBase): Promise<void> {
  const ddl = atomicEventsDdl();
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    await client.query(ddl);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
