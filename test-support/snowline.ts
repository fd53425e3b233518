// Starts a real Snowline pipeline (collector + enrich + PostgreSQL) in the test process for end-to-end tests:
// collector on 127.0.0.1 and a random port, a temporary data directory, and a temporary PostgreSQL cluster
// unless one is passed in.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { snowlineConfigSchema, type SnowlineConfig } from '../cli/config/schema.ts';
import { startPipeline, type RunningPipeline } from '../cli/pipeline/start-pipeline.ts';
import { TEST_IGLU_REGISTRY } from './iglu.ts';
import { startTemporaryPostgres, type TemporaryPostgres } from './postgres.ts';

export interface RunningSnowline {
  readonly collectorUrl: string;
  readonly postgresUrl: string;
  readonly dataDir: string;
  readonly pipeline: RunningPipeline;
  query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Polls `sql` until it returns at least `count` rows (default timeout 20 s), then returns them. */
  waitForRows<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, count: number, timeoutMs?: number): Promise<Row[]>;
  stop(): Promise<void>;
}

export interface StartSnowlineOptions {
  /** Use this cluster (the caller stops it); otherwise a temporary one is started and stopped with Snowline. */
  readonly postgres?: TemporaryPostgres;
  /** Config sections merged over the test defaults (validated like a config file). */
  readonly config?: Record<string, unknown>;
  /** Reuse a data directory (e.g. to test restarts); otherwise a temporary one is made and removed. */
  readonly dataDir?: string;
}

export async function startSnowline(options: StartSnowlineOptions = {}): Promise<RunningSnowline> {
  const ownPostgres = options.postgres === undefined;
  const postgres = options.postgres ?? (await startTemporaryPostgres());
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'snowline-e2e-'));
  const extra = options.config ?? {};
  const config: SnowlineConfig = snowlineConfigSchema.parse({
    ...extra,
    dataDir,
    collector: { port: 0, rotateAfterMs: 200, ...(extra.collector as object | undefined) },
    storage: { ...(extra.storage as object | undefined), postgresUrl: postgres.url },
    // The test schemas (com.acme/*) resolve unless the test brings its own enrich section.
    enrich: extra.enrich ?? { iglu: { embeddedRegistryPaths: [TEST_IGLU_REGISTRY] } },
  });
  let pipeline: RunningPipeline;
  try {
    pipeline = await startPipeline(config, { log: (message) => process.env.SNOWLINE_TEST_LOG && process.stderr.write(`${message}\n`) });
  } catch (error) {
    if (ownPostgres) await postgres.stop();
    throw error;
  }
  let stopped = false;
  return {
    collectorUrl: pipeline.collectorUrl,
    postgresUrl: postgres.url,
    dataDir,
    pipeline,
    query: (sql, params) => postgres.query(sql, params),
    async waitForRows(sql, count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rows = await postgres.query(sql).catch(() => []);
        if (rows.length >= count) return rows as never;
        if (Date.now() > deadline) {
          throw new Error(`waited ${timeoutMs} ms for ${count} rows of "${sql}", got ${rows.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await pipeline.stop();
      } finally {
        if (ownPostgres) await postgres.stop();
        if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
