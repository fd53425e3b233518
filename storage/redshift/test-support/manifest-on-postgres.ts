// Tests of the Redshift path run against PostgreSQL, which rejects Redshift's DDL (ENCODE, DISTSTYLE, GETDATE()).
import type { TemporaryPostgres } from '../../../test-support/postgres.ts';
import { redshiftAtomicEventsDdl } from '../redshift-sql.ts';

/** Creates `atomic.snowline_manifest` as PostgreSQL can hold it, so that a load transaction gets as far as COPY. */
export async function createManifestTableOnPostgres(database: TemporaryPostgres): Promise<void> {
  const manifestDdl = redshiftAtomicEventsDdl().split(';').find((statement) => statement.includes('snowline_manifest ('))!;
  await database.query('CREATE SCHEMA atomic');
  await database.query(manifestDdl.replace(/ ENCODE ZSTD/g, '').replace(/GETDATE\(\)/g, 'LOCALTIMESTAMP').replace(/\)\s*DISTSTYLE ALL/, ')'));
}
