// The embedded store (`snowline start`'s default) is the PostgreSQL sink on a cluster that openEmbeddedPostgres
// creates and runs; the suite runs against a real one in a temporary data directory.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../test-support/ports.ts';
import { openEmbeddedPostgres, type EmbeddedPostgres } from '../embedded/embedded-postgres.ts';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.ts';
import { createSinkForTarget, postgresTargetSchema } from '../targets.ts';
import { describeSinkConformance, type StoredContent } from './conformance.ts';

let dataDir: string | undefined;
let embedded: EmbeddedPostgres | undefined;
let proxy: TcpProxy | undefined;
let client: pg.Client | undefined;

function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}

describeSinkConformance('embedded store', {
  async setUp() {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-embedded-sink-'));
    // The cluster runs as the postgres user when the tests run as root: it must be able to enter the directory.
    chmodSync(dataDir, 0o755);
    embedded = await openEmbeddedPostgres({ dataDir, port: await freePort() });
    client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    // The sink reaches the cluster through a proxy that the transient-failure case cuts and restores.
    proxy = await startTcpProxy(embedded.port);
    const url = withPort(embedded.url, proxy.port);
    const unreachable = withPort(embedded.url, await freePort());
    const target = (overrides: object = {}) => postgresTargetSchema.parse({ type: 'postgres', name: 'embedded', url, ...overrides });
    const schemaCreator = createSinkForTarget(target());
    await schemaCreator.open();
    await schemaCreator.close();
    const query = async <Row extends object>(sql: string) => (await client!.query<Row>(sql)).rows;
    return {
      createSink: (overrides) => createSinkForTarget(target(overrides)),
      createBrokenSink: () => createSinkForTarget(target({ url: unreachable })),
      async readBack(): Promise<StoredContent> {
        const events = await query<{ event_id: string }>('SELECT event_id FROM atomic.events ORDER BY ctid');
        const bad = await query<{ bad_row: string }>('SELECT bad_row FROM atomic.snowline_bad_rows ORDER BY ctid');
        return { goodEventIds: events.map((row) => row.event_id), badRows: bad.map((row) => row.bad_row) };
      },
      async reset() {
        await query('TRUNCATE atomic.events, atomic.snowline_manifest, atomic.snowline_bad_rows');
      },
      transientFailure: {
        async start() {
          await proxy!.cut();
          return () => proxy!.restore();
        },
      },
      childTarget: { type: 'postgres', name: 'embedded', url },
    };
  },
  async tearDown() {
    await client?.end();
    await proxy?.stop();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  },
});
