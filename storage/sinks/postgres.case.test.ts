import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.ts';
import { freePort } from '../../test-support/ports.ts';
import { createSinkForTarget, postgresTargetSchema } from '../targets.ts';
import { describeSinkConformance, type StoredContent } from './conformance.ts';

let database: TemporaryPostgres;
let proxy: TcpProxy;

describeSinkConformance('postgres', {
  async setUp() {
    database = await startTemporaryPostgres();
    // The sink reaches the database through a proxy that the transient-failure case cuts and restores.
    proxy = await startTcpProxy(database.port);
    const url = `postgres://test@127.0.0.1:${proxy.port}/postgres`;
    const target = (overrides: object = {}) => postgresTargetSchema.parse({ type: 'postgres', name: 'warehouse', url, ...overrides });
    const unreachable = `postgres://test@127.0.0.1:${await freePort()}/postgres`;
    const schemaCreator = createSinkForTarget(target());
    await schemaCreator.open();
    await schemaCreator.close();
    return {
      createSink: (overrides) => createSinkForTarget(target(overrides)),
      createBrokenSink: () => createSinkForTarget(target({ url: unreachable })),
      async readBack(): Promise<StoredContent> {
        const events = await database.query<{ event_id: string }>('SELECT event_id FROM atomic.events ORDER BY ctid');
        const bad = await database.query<{ bad_row: string }>('SELECT bad_row FROM atomic.snowline_bad_rows ORDER BY ctid');
        return { goodEventIds: events.map((row) => row.event_id), badRows: bad.map((row) => row.bad_row) };
      },
      async reset() {
        await database.query('TRUNCATE atomic.events, atomic.snowline_manifest, atomic.snowline_bad_rows');
      },
      transientFailure: {
        async start() {
          await proxy.cut();
          return () => proxy.restore();
        },
      },
      childTarget: { type: 'postgres', name: 'warehouse', url },
    };
  },
  async tearDown() {
    await proxy?.stop();
    await database?.stop();
  },
});
