import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../test-support/ports.ts';
import { repoRoot, startChildServer, type ChildServer } from './child-process.ts';
import { runHttpLoad, type LoadOptions, type LoadResult } from './http-load.ts';
import type { ComparisonRow, FigureRow } from '../scenario.ts';
import { median } from './statistics.ts';

/** What one server did under load: full rate (several runs), half that rate (for latency), and its peak RSS. */
export interface ServerUnderLoad {
  readonly name: string;
  /** The full-rate run with the median requests/s. */
  readonly full: LoadResult;
  /** Every full-rate run, in the order they ran. */
  readonly fullRuns: readonly LoadResult[];
  readonly half: LoadResult;
  /** Full rate held for `soakMs` after the other runs, when asked for (memory over a long run). */
  readonly soak?: LoadResult;
  readonly peakRssBytes: number;
}

export interface ServerToMeasure {
  readonly name: string;
  readonly start: (port: number) => Promise<ChildServer>;
  readonly soakMs?: number;
}

export interface TakingTurnsOptions {
  readonly servers: readonly ServerToMeasure[];
  /** The request to send, without its URL (path and query go in `target`). */
  readonly request: Omit<LoadOptions, 'url' | 'durationMs' | 'overallRate'> & { readonly target: string };
  readonly durationMs: number;
  /** Full-rate runs per server, taken in turns. */
  readonly rounds?: number;
  readonly log: (message: string) => void;
}

export interface ComparedUnderLoad {
  readonly baseline: ServerUnderLoad;
  readonly snowline: ServerUnderLoad;
  /** The durable floor (bench/servers/durable-floor-server.ts), when asked for: taking the same turns. */
  readonly floor?: ServerUnderLoad;
  /** snowline/baseline requests/s of each round (the runs of a round are back to back). */
  readonly roundRatios: readonly number[];
}

// On a small machine the load generator, the server and the kernel share the cores, and one full-rate run can be
// 30 % off the next. Taking turns and each server's median keeps one disturbed run from deciding a ratio.
const DEFAULT_ROUNDS = 5;

/**
 * Every server in its own process on 127.0.0.1: a warm-up each, then `rounds` full-rate runs taking turns (the order
 * reverses every round), then a run at half its median rate each (latency), then the soaks asked for.
 */
export async function measureTakingTurns(options: TakingTurnsOptions): Promise<ServerUnderLoad[]> {
  const { request, durationMs, log } = options;
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const { target, ...rest } = request;
  const started: { server: ServerToMeasure; child: ChildServer; port: number }[] = [];
  const load = (port: number, ms: number, overallRate?: number) =>
    runHttpLoad({ ...rest, url: `http://127.0.0.1:${port}${target}`, durationMs: ms, overallRate });
  try {
    for (const server of options.servers) {
      const port = await freePort();
      started.push({ server, child: await server.start(port), port });
    }
    for (const { server, port } of started) {
      log(`${server.name}: warm-up`);
      await load(port, 1000);
    }
    const runs: LoadResult[][] = started.map(() => []);
    for (let round = 0; round < rounds; round++) {
      const order = started.map((_, index) => index);
      if (round % 2 === 1) order.reverse();
      for (const index of order) {
        const { server, port } = started[index]!;
        log(`${server.name}: ${durationMs / 1000} s at full rate (round ${round + 1} of ${rounds})`);
        runs[index]!.push(await load(port, durationMs));
      }
    }
    const measured: ServerUnderLoad[] = [];
    for (const [index, { server, child, port }] of started.entries()) {
      const fullRuns = runs[index]!;
      const medianRate = median(fullRuns.map((run) => run.requestsPerSecond));
      const full = fullRuns.find((run) => run.requestsPerSecond === medianRate)!;
      log(`${server.name}: ${durationMs / 1000} s at half rate for latency`);
      const half = await load(port, durationMs, Math.max(1, Math.round(full.requestsPerSecond / 2)));
      let soak: LoadResult | undefined;
      if (server.soakMs) {
        log(`${server.name}: ${server.soakMs / 1000} s at full rate for memory`);
        soak = await load(port, server.soakMs);
      }
      const failed = failedAnswers([...fullRuns, ...(soak ? [soak] : [])]);
      if (failed > 0) log(`${server.name}: ${failed} answers at full rate were not 2xx or failed`);
      measured.push({ name: server.name, full, fullRuns, half, soak, peakRssBytes: child.peakRssBytes() });
    }
    return measured;
  } finally {
    for (const { child } of started) await child.stop();
  }
}

/** A baseline and Snowline (and the durable floor, when given) taking turns (`measureTakingTurns`), with the ratio of each round. */
export async function compareUnderLoad(
  options: Omit<TakingTurnsOptions, 'servers'> & {
    readonly baseline: ServerToMeasure;
    readonly snowline: ServerToMeasure;
    readonly floor?: ServerToMeasure;
  },
): Promise<ComparedUnderLoad> {
  const servers = [options.baseline, options.snowline, ...(options.floor ? [options.floor] : [])];
  const [baseline, snowline, floor] = (await measureTakingTurns({ ...options, servers })) as [ServerUnderLoad, ServerUnderLoad, ServerUnderLoad?];
  const roundRatios = snowline.fullRuns.map((run, round) => run.requestsPerSecond / baseline.fullRuns[round]!.requestsPerSecond);
  return { baseline, snowline, floor, roundRatios };
}

/**
 * The durable floor: the least a server that answers only after the record's fdatasync does
 * (bench/servers/durable-floor-server.ts), started with its own data directory under `dir`.
 */
export function durableFloorServer(dir: string): ServerToMeasure {
  return {
    name: 'durable floor',
    start: (port) => startChildServer('bench/servers/durable-floor-server.ts', [String(port), path.join(dir, `durable-floor-${port}`)]),
  };
}

/** Answers that were not 2xx, and requests that failed, over the given runs. */
export function failedAnswers(runs: readonly LoadResult[]): number {
  return runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
}

/** The two rows every collector scenario reports: median throughput at full rate against its target, p99 at half rate. */
export function collectorComparisons(options: {
  readonly metric: string;
  readonly compared: ComparedUnderLoad;
  readonly targetRatio: number;
}): ComparisonRow[] {
  const { baseline, snowline, floor } = options.compared;
  const baselineName = baseline.name;
  return [
    {
      metric: options.metric,
      unit: 'req/s',
      baseline: { name: baselineName, value: baseline.full.requestsPerSecond },
      snowline: { name: 'collector, durable spool', value: snowline.full.requestsPerSecond },
      higherIsBetter: true,
      targetRatio: options.targetRatio,
    },
    ...(floor
      ? [
          {
            metric: `${options.metric}: the collector against the durable floor (the bare server plus only the durable append)`,
            unit: 'req/s',
            baseline: { name: 'durable floor', value: floor.full.requestsPerSecond },
            snowline: { name: 'collector, durable spool', value: snowline.full.requestsPerSecond },
            higherIsBetter: true,
          },
        ]
      : []),
    {
      metric: 'p99 latency at half the measured maximum rate',
      unit: 'ms',
      baseline: { name: baselineName, value: baseline.half.p99Ms },
      snowline: { name: 'collector', value: snowline.half.p99Ms },
      higherIsBetter: false,
    },
  ];
}

/** The durable floor's own ratio against the baseline: what answering only after an fdatasync costs on its own here. */
export function durableFloorFigures(compared: ComparedUnderLoad): FigureRow[] {
  const { baseline, floor } = compared;
  if (!floor) return [];
  return [
    {
      metric: `durable floor req/s against ${baseline.name}`,
      unit: '×',
      value: floor.full.requestsPerSecond / baseline.full.requestsPerSecond,
      note:
        `${Math.round(floor.full.requestsPerSecond).toLocaleString('en')} req/s: the bare server plus only the durable append (one JSON line a ` +
        'request, group commit, answer after the fdatasync; bench/servers/durable-floor-server.ts). What the durability promise alone leaves ' +
        'of the bare server on this machine, before any of the rest of a collector.',
    },
  ];
}

/** How `measureTakingTurns` took the full-rate figures. */
export function takingTurnsMethod(rounds: number, durationMs: number): string {
  return `Full rate: ${rounds} runs of ${durationMs / 1000} s per server, taking turns; the table gives each server's median.`;
}

/** How the full-rate figures were taken, with every run, so a reader sees the spread behind the medians. */
export function roundsNote(compared: ComparedUnderLoad, durationMs: number): string {
  const rates = (server: ServerUnderLoad) => server.fullRuns.map((run) => Math.round(run.requestsPerSecond).toLocaleString('en')).join(', ');
  const { baseline, snowline, floor, roundRatios } = compared;
  return (
    `${takingTurnsMethod(roundRatios.length, durationMs)} ` +
    `Ratio per round: ${roundRatios.map((ratio) => ratio.toFixed(2)).join(', ')}. ` +
    `${baseline.name}: ${rates(baseline)} req/s; ${snowline.name}: ${rates(snowline)} req/s` +
    (floor ? `; ${floor.name}: ${rates(floor)} req/s.` : '.')
  );
}

let build: Promise<unknown> | undefined;

/**
 * The collector as users run it: the `snowline` command (bin/snowline.js on dist/, built once per bench run from
 * the current sources) with default settings (an empty config file), its data directory under `dir`.
 */
export function startBuiltCollector(dir: string): (port: number) => Promise<ChildServer> {
  const config = path.join(dir, 'collector-defaults.json');
  writeFileSync(config, '{}\n');
  return async (port) => {
    build ??= promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot });
    await build;
    return startChildServer(path.join(repoRoot, 'bin/snowline.js'), ['collector', '--port', String(port), '--data-dir', path.join(dir, 'data'), '--config', config]);
  };
}
