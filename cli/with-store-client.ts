import pg from 'pg';
import { openEmbeddedPostgres } from '../storage/index.ts';
import { loadConfig } from './config/load-config.ts';

// Timestamps without time zone are returned as written (UTC in atomic.events), not shifted to local time.
const TIMESTAMP_OID = 1114;

export interface StoreOptions {
  readonly postgres?: string;
  readonly 'data-dir'?: string;
  readonly config?: string;
}

/**
 * Runs `use` with a client on the store the options name: `--postgres` / the config's storage.postgresUrl, or the
 * embedded PostgreSQL of the data directory (joined when `snowline start` runs it, started just for this
 * otherwise, and stopped again afterwards).
 */
export async function withStoreClient<T>(options: StoreOptions, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const { config } = loadConfig({
    explicitFile: options.config,
    overrides: { dataDir: options['data-dir'], 'storage.postgresUrl': options.postgres },
  });
  const embedded =
    config.storage.postgresUrl === undefined
      ? await openEmbeddedPostgres({ dataDir: config.dataDir, port: config.storage.embeddedPostgresPort })
      : undefined;
  const client = new pg.Client({
    connectionString: config.storage.postgresUrl ?? embedded!.url,
    types: { getTypeParser: (oid, format) => (oid === TIMESTAMP_OID ? (text: string) => text : pg.types.getTypeParser(oid, format)) },
  });
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
    await embedded?.stop();
  }
}
