// Claims with leases, kept in PostgreSQL, so that several enrich workers process each raw object exactly once. A
// worker claims an object by inserting (or taking over an expired) row; it renews its lease while it works and marks
// the object done at the end. A worker that dies stops renewing, its lease runs out, and another worker takes the
// object over. Outputs are written under keys derived from the raw object's key, so a dead worker's partial run is
// simply redone: whatever it had uploaded is overwritten, nothing is counted twice.
import pg from 'pg';

const CLAIMS_DDL = `
CREATE SCHEMA IF NOT EXISTS atomic;
CREATE TABLE IF NOT EXISTS atomic.snowline_claims (
  object_key TEXT PRIMARY KEY,
  worker_id TEXT NOT NULL,
  lease_expires_at TIMESTAMPTZ NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1,
  claimed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  done_at TIMESTAMPTZ
)`;

// Inserts a new claim, or takes over one whose lease has expired and that is not done. Exactly one of several
// concurrent callers gets a row back: the others wait on the row lock and then find the lease valid.
const CLAIM_SQL = `
INSERT INTO atomic.snowline_claims (object_key, worker_id, lease_expires_at)
VALUES ($1, $2, now() + $3 * interval '1 millisecond')
ON CONFLICT (object_key) DO UPDATE
  SET worker_id = EXCLUDED.worker_id, lease_expires_at = EXCLUDED.lease_expires_at,
      attempts = atomic.snowline_claims.attempts + 1, claimed_at = now()
  WHERE atomic.snowline_claims.done_at IS NULL AND atomic.snowline_claims.lease_expires_at < now()
RETURNING attempts`;

export interface ClaimStore {
  ensureSchema(): Promise<void>;
  /** Claims the first of `objectKeys` that is free (or whose lease expired); undefined when none is. */
  claimNext(objectKeys: readonly string[], workerId: string): Promise<{ objectKey: string; attempt: number } | undefined>;
  /** Extends the lease; false when the worker no longer holds the claim (it expired and was taken over). */
  renew(objectKey: string, workerId: string): Promise<boolean>;
  /** Marks the object done; false when another worker had taken the claim over meanwhile. */
  complete(objectKey: string, workerId: string): Promise<boolean>;
  /** Keys already done, out of `objectKeys`. */
  doneKeys(objectKeys: readonly string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

export function createClaimStore(options: { connectionString: string; leaseMs: number }): ClaimStore {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2 });
  pool.on('error', () => {});
  return {
    async ensureSchema() {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(7411010002)');
        await client.query(CLAIMS_DDL);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async claimNext(objectKeys, workerId) {
      for (const objectKey of objectKeys) {
        const result = await pool.query<{ attempts: number }>(CLAIM_SQL, [objectKey, workerId, options.leaseMs]);
        if (result.rows[0]) return { objectKey, attempt: result.rows[0].attempts };
      }
      return undefined;
    },
    async renew(objectKey, workerId) {
      const result = await pool.query(
        "UPDATE atomic.snowline_claims SET lease_expires_at = now() + $3 * interval '1 millisecond' WHERE object_key = $1 AND worker_id = $2 AND done_at IS NULL",
        [objectKey, workerId, options.leaseMs],
      );
      return result.rowCount === 1;
    },
    async complete(objectKey, workerId) {
      const result = await pool.query(
        'UPDATE atomic.snowline_claims SET done_at = now() WHERE object_key = $1 AND worker_id = $2 AND done_at IS NULL',
        [objectKey, workerId],
      );
      return result.rowCount === 1;
    },
    async doneKeys(objectKeys) {
      const result = await pool.query<{ object_key: string }>(
        'SELECT object_key FROM atomic.snowline_claims WHERE object_key = ANY($1::text[]) AND done_at IS NOT NULL',
        [objectKeys],
      );
      return new Set(result.rows.map((row) => row.object_key));
    },
    close: () => pool.end(),
  };
}
