// The conformance harness of the PostgreSQL sink, for any cluster the case file starts (a temporary one, or the
// embedded store's): the sink reaches it through a TCP proxy that the transient-failure case cuts and restores.
import { freePort } from '../../../test-support/ports.ts';
import { startTcpProxy } from '../../test-support/tcp-proxy.ts';
import { createSinkForTarget, postgresTargetSchema } from '../../targets.ts';
import type { SinkHarness, StoredContent } from '../conformance.ts';

export interface PostgresClusterUnderTest {
  /** Target name of the sinks the harness builds. */
  readonly targetName: string;
  /** Connection URL of the cluster itself, with its port (the harness swaps in the proxy's port). */
  readonly url: string;
  /** Runs one statement on the cluster directly (not through the proxy) and returns its rows. */
  query<Row extends Record<string, unknown>>(sql: string): Promise<Row[]>;
}

function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}

/** Creates the schema, then returns the harness and a function that stops its proxy. */
export async function postgresSinkHarness(cluster: PostgresClusterUnderTest): Promise<{ harness: SinkHarness; stop(): Promise<void> }> {
  const proxy = await startTcpProxy(Number(new URL(cluster.url).port));
  const url = withPort(cluster.url, proxy.port);
  const unreachable = withPort(cluster.url, await freePort());
  const target = (overrides: object = {}) => postgresTargetSchema.parse({ type: 'postgres', name: cluster.targetName, url, ...overrides });
  const schemaCreator = createSinkForTarget(target());
  await schemaCreator.open();
  await schemaCreator.close();
  const harness: SinkHarness = {
    createSink: (overrides) => createSinkForTarget(target(overrides)),
    createBrokenSink: () => createSinkForTarget(target({ url: unreachable })),
    async readBack(): Promise<StoredContent> {
      const events = await cluster.query<{ event_id: string }>('SELECT event_id FROM atomic.events ORDER BY ctid');
      const bad = await cluster.query<{ bad_row: string }>('SELECT bad_row FROM atomic.snowline_bad_rows ORDER BY ctid');
      return { goodEventIds: events.map((row) => row.event_id), badRows: bad.map((row) => row.bad_row) };
    },
    async reset() {
      await cluster.query('TRUNCATE atomic.events, atomic.snowline_manifest, atomic.snowline_bad_rows');
    },
    transientFailure: {
      async start() {
        await proxy.cut();
        return () => proxy.restore();
      },
    },
    childTarget: { type: 'postgres', name: cluster.targetName, url },
  };
  return { harness, stop: () => proxy.stop() };
}
