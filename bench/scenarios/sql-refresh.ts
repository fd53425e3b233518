// The incremental refresh of the derived tables (snowline sql refresh) after one late batch, against a full
// rebuild (snowline sql refresh --full) of the same tables on the same data, on a temporary PostgreSQL. The data is
// the SQL test fixture's web events generated with several seeds (each seed: 12 visitors over three weeks).
import { startTemporaryPostgres } from '../../test-support/postgres.ts';
import { createEmptyEvent, toTsv, type EnrichedEvent } from '../../enrich/index.ts';
import { installAnalytics, refreshDerived } from '../../sql/index.ts';
import { generateFixtureEvents } from '../../sql/fixture/generate-fixture.ts';
import { copyEnrichedLines } from '../../sql/test-support/load-enriched.ts';
import type { BenchScenario } from '../scenario.ts';
import { median } from '../lib/statistics.ts';

const SEEDS = 40;
const RUNS = 3;

const scenario: BenchScenario = {
  name: 'sql-refresh',
  summary: `Refresh derived.sessions, page_views and devices after one late batch: incremental refresh against a full rebuild, on the SQL fixture's web events from ${SEEDS} seeds.`,
  async run({ log }) {
    const web: EnrichedEvent[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) web.push(...generateFixtureEvents(seed).filter((event) => event.platform === 'web').map((event) => Object.assign(createEmptyEvent(), event)));
    web.sort((a, b) => a.collector_tstamp! - b.collector_tstamp!);
    const database = await startTemporaryPostgres();
    const client = await database.connect();
    try {
      await installAnalytics(client);
      const incrementalMs: number[] = [];
      const fullMs: number[] = [];
      const batch = Math.ceil(web.length / 100);
      log(`loading ${web.length - RUNS * batch} of ${web.length} events`);
      await copyEnrichedLines(client, web.slice(0, web.length - RUNS * batch).map(toTsv));
      await refreshDerived(client, { full: true });
      let sessionsRebuilt = 0;
      for (let run = 0; run < RUNS; run++) {
        const late = web.slice(web.length - (RUNS - run) * batch, web.length - (RUNS - run - 1) * batch);
        await copyEnrichedLines(client, late.map(toTsv));
        log(`incremental refresh after ${late.length} new events, run ${run + 1}`);
        let started = performance.now();
        sessionsRebuilt += (await refreshDerived(client)).sessions;
        incrementalMs.push(performance.now() - started);
        log(`full rebuild, run ${run + 1}`);
        started = performance.now();
        await refreshDerived(client, { full: true });
        fullMs.push(performance.now() - started);
      }
      const sessions = Number((await client.query('SELECT COUNT(*) AS n FROM derived.sessions')).rows[0]!.n);
      return {
        comparisons: [
          {
            metric: `refresh the derived tables after a batch of ${batch} events (median of ${RUNS}, ${web.length} web events, ${sessions} sessions)`,
            unit: 'ms',
            baseline: { name: 'full rebuild (sql refresh --full)', value: Math.round(median(fullMs)) },
            snowline: { name: 'incremental refresh (sql refresh)', value: Math.round(median(incrementalMs)) },
            higherIsBetter: false,
          },
        ],
        figures: [{ metric: 'sessions rebuilt per incremental refresh (mean)', unit: 'sessions', value: Math.round(sessionsRebuilt / RUNS) }],
        notes: [
          'The incremental refresh rewrites only the sessions with new events, but reads them through the live views, which PostgreSQL evaluates over all web events (docs/sql.md): the saving is in writing, not in reading.',
        ],
      };
    } finally {
      await client.end();
      await database.stop();
    }
  },
};

export default scenario;
