import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { describeSinkConformance } from './conformance.ts';
import { postgresSinkHarness } from './test-support/postgres-sink-harness.ts';

let database: TemporaryPostgres | undefined;
let stopHarness: (() => Promise<void>) | undefined;

describeSinkConformance('postgres', {
  async setUp() {
    database = await startTemporaryPostgres();
    const { harness, stop } = await postgresSinkHarness({
      targetName: 'warehouse',
      url: database.url,
      query: database.query,
    });
    stopHarness = stop;
    return harness;
  },
  async tearDown() {
    await stopHarness?.();
    await database?.stop();
  },
});
