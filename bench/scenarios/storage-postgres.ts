// PostgreSQL load of one enriched TSV file into atomic.events: Snowline's loader (checks every line, COPY FROM
// STDIN, manifest row, exact-duplicate check, all in one transaction) against `psql \copy` of the same file into
// the same table, on the same temporary cluster, alternating runs.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTemporaryPostgres } from '../../test-support/postgres.ts';
import { requireTool } from '../../test-support/require-tool.ts';
import { createPostgresLoader } from '../../storage/index.ts';
import { samplePageView, toTsvFile } from '../../storage/test-support/enriched-events.ts';
import type { BenchScenario } from '../scenario.ts';

const ROWS = 100_000;
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const scenario: BenchScenario = {
  name: 'storage-postgres',
  summary: `Load ${ROWS.toLocaleString('en')} enriched TSV rows into atomic.events: Snowline's PostgreSQL loader against psql \\copy of the same file.`,
  async run({ tmpDir, log }) {
    const psql = requireTool('psql', 'postgresql-client');
    const file = path.join(tmpDir, 'enriched.tsv');
    writeFileSync(file, toTsvFile(Array.from({ length: ROWS }, () => samplePageView())));
    const database = await startTemporaryPostgres();
    const loader = await createPostgresLoader({ connectionString: database.url });
    try {
      await loader.ensureSchema();
      const psqlRates: number[] = [];
      const loaderRates: number[] = [];
      const eventLoopDelaysMs: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await database.query('TRUNCATE atomic.events, atomic.snowline_manifest');
        await database.query('CHECKPOINT');
        log(`psql \\copy, run ${run + 1}`);
        let started = performance.now();
        execFileSync(psql, [database.url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy atomic.events FROM '${file}' WITH (FORMAT text, NULL '')`]);
        psqlRates.push(ROWS / ((performance.now() - started) / 1000));

        await database.query('TRUNCATE atomic.events, atomic.snowline_manifest');
        await database.query('CHECKPOINT');
        log(`snowline loader, run ${run + 1}`);
        const delay = monitorEventLoopDelay({ resolution: 5 });
        delay.enable();
        started = performance.now();
        const result = await loader.loadEnrichedFile(file, `bench-${run}`);
        loaderRates.push(result.rows / ((performance.now() - started) / 1000));
        delay.disable();
        eventLoopDelaysMs.push(delay.max / 1e6);
        if (result.rows !== ROWS) throw new Error(`loader loaded ${result.rows} of ${ROWS} rows`);
      }
      return {
        comparisons: [
          {
            metric: `load ${ROWS.toLocaleString('en')} enriched rows into atomic.events (median of ${RUNS})`,
            unit: 'rows/s',
            baseline: { name: 'psql \\copy', value: median(psqlRates) },
            snowline: { name: 'PostgresLoader.loadEnrichedFile', value: median(loaderRates) },
            higherIsBetter: true,
            targetRatio: 0.9,
          },
        ],
        figures: [
          {
            metric: 'longest event-loop stall while loading',
            unit: 'ms',
            value: Math.max(...eventLoopDelaysMs),
            note: 'the loader streams the file and yields at least every 10 ms of work',
          },
        ],
        notes: [
          'Same temporary PostgreSQL 15 cluster (fsync off), same table with its event_id index, runs alternate, table truncated and checkpointed before each.',
          'The loader also checks every line (131 fields, types, lengths), writes the manifest row and looks up exact duplicates in the same transaction; psql does none of that.',
        ],
      };
    } finally {
      await loader.close();
      await database.stop();
    }
  },
};

export default scenario;
