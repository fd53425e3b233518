// The embedded store (`snowline start`'s default) is the PostgreSQL sink on a cluster that openEmbeddedPostgres
// creates and runs; the suite runs against a real one in a temporary data directory.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../test-support/ports.ts';
import { openEmbeddedPostgres, type EmbeddedPostgres } from '../embedded/embedded-postgres.ts';
import { describeSinkConformance } from './conformance.ts';
import { postgresSinkHarness } from './test-support/postgres-sink-harness.ts';

let dataDir: string | undefined;
let embedded: EmbeddedPostgres | undefined;
let client: pg.Client | undefined;
let stopHarness: (() => Promise<void>) | undefined;

describeSinkConformance('embedded store', {
  async setUp() {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-embedded-sink-'));
    // The cluster runs as the postgres user when the tests run as root: it must be able to enter the directory.
    chmodSync(dataDir, 0o755);
    embedded = await openEmbeddedPostgres({ dataDir, port: await freePort() });
    client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    const { harness, stop } = await postgresSinkHarness({
      targetName: 'embedded',
      url: embedded.url,
      query: async (sql) => (await client!.query(sql)).rows,
    });
    stopHarness = stop;
    return harness;
  },
  async tearDown() {
    await client?.end();
    await stopHarness?.();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  },
});
