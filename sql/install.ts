// `snowline sql install` and `snowline sql refresh` against PostgreSQL (and the statements for Redshift): runs the
// SQL files' statements in order, each run in one transaction so that a failure leaves the database as it was.
import { installStatements, refreshStatements } from './sql-files.ts';

/** The part of a `pg` client these functions use. */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Raised when a statement fails: names the statement's first line so the user can find it in the SQL files. */
export class SqlStatementError extends Error {
  override readonly name = 'SqlStatementError';
}

type Statement = string | { readonly text: string; readonly values: unknown[] };

async function runInTransaction(client: SqlClient, statements: readonly Statement[]): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const item of statements) {
      const statement = typeof item === 'string' ? item : item.text;
      try {
        await client.query(statement, typeof item === 'string' ? undefined : item.values);
      } catch (error) {
        const firstLine = statement.split('\n').find((line) => !line.trim().startsWith('--')) ?? statement;
        throw new SqlStatementError(`${(error as Error).message} (in: ${firstLine.trim().slice(0, 120)})`);
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

export interface InstallReport {
  readonly statements: number;
}

/** Creates atomic.events (if missing), the derived schema and tables, and every recipe and cube view. */
export async function installAnalytics(client: SqlClient): Promise<InstallReport> {
  const statements = installStatements('postgres');
  await runInTransaction(client, statements);
  return { statements: statements.length };
}

export interface RefreshOptions {
  /** Rebuild every derived row instead of only the sessions and devices touched since the last refresh. */
  readonly full?: boolean;
  /** Change the lookback window (hours re-read behind the last refresh's high-water mark) before refreshing. */
  readonly lookbackHours?: number;
}

export interface RefreshReport {
  readonly sessions: number;
  readonly devices: number;
  readonly windowStart: string | null;
  readonly highWater: string | null;
  readonly lookbackHours: number;
}

/** Updates the derived tables (sessions, page views, devices) incrementally, see sql/postgres/refresh.sql. */
export async function refreshDerived(client: SqlClient, options: RefreshOptions = {}): Promise<RefreshReport> {
  if (options.lookbackHours !== undefined && !(Number.isInteger(options.lookbackHours) && options.lookbackHours >= 0)) {
    throw new RangeError(`lookbackHours must be a whole number of hours, 0 or more, got ${options.lookbackHours}`);
  }
  const before: Statement[] = [];
  if (options.lookbackHours !== undefined) {
    before.push({ text: `UPDATE derived.refresh_state SET lookback_hours = $1 WHERE model = 'derived'`, values: [options.lookbackHours] });
  }
  if (options.full) before.push(`UPDATE derived.refresh_state SET high_water_tstamp = NULL WHERE model = 'derived'`);
  // Fresh statistics first: right after a COPY, before autovacuum has looked at the table, the planner believes
  // atomic.events is nearly empty and joins the session views with nested loops (minutes instead of seconds).
  await client.query('ANALYZE atomic.events');
  await runInTransaction(client, [...before, ...refreshStatements('postgres')]);
  const state = await client.query(
    `SELECT lookback_hours, CAST(window_start_tstamp AS TEXT) AS window_start, CAST(high_water_tstamp AS TEXT) AS high_water,
       (SELECT COUNT(*) FROM derived.refresh_sessions) AS sessions, (SELECT COUNT(*) FROM derived.refresh_devices) AS devices
     FROM derived.refresh_state WHERE model = 'derived'`,
  );
  const row = state.rows[0]!;
  return {
    sessions: Number(row.sessions),
    devices: Number(row.devices),
    windowStart: (row.window_start as string | null) ?? null,
    highWater: (row.high_water as string | null) ?? null,
    lookbackHours: Number(row.lookback_hours),
  };
}
