import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../test-support/ports.ts';
import { repoRoot, startChildServer, type ChildServer } from './child-process.ts';
import { runHttpLoad, type LoadOptions, type LoadResult } from './http-load.ts';
import type { ComparisonRow } from '../scenario.ts';

/** What one server did under load: full rate, half that rate (for latency), and its peak RSS throughout. */
export interface ServerUnderLoad {
  readonly full: LoadResult;
  readonly half: LoadResult;
  /** Full rate held for `soakMs` after the other runs, when asked for (memory over a long run). */
  readonly soak?: LoadResult;
  readonly peakRssBytes: number;
}

export interface MeasureOptions {
  readonly name: string;
  readonly start: (port: number) => Promise<ChildServer>;
  /** The request to send, without its URL (path and query go in `target`). */
  readonly request: Omit<LoadOptions, 'url' | 'durationMs' | 'overallRate'> & { readonly target: string };
  readonly durationMs: number;
  readonly soakMs?: number;
  readonly log: (message: string) => void;
}

/** Warm-up, full rate, half rate, then an optional soak, against a server in its own process on 127.0.0.1. */
export async function measureServerUnderLoad(options: MeasureOptions): Promise<ServerUnderLoad> {
  const { name, request, durationMs, log } = options;
  const port = await freePort();
  const server = await options.start(port);
  const { target, ...rest } = request;
  const load = (ms: number, overallRate?: number) => runHttpLoad({ ...rest, url: `http://127.0.0.1:${port}${target}`, durationMs: ms, overallRate });
  try {
    log(`${name}: warm-up`);
    await load(1000);
    log(`${name}: ${durationMs / 1000} s at full rate`);
    const full = await load(durationMs);
    log(`${name}: ${durationMs / 1000} s at half rate for latency`);
    const half = await load(durationMs, Math.max(1, Math.round(full.requestsPerSecond / 2)));
    let soak: LoadResult | undefined;
    if (options.soakMs) {
      log(`${name}: ${options.soakMs / 1000} s at full rate for memory`);
      soak = await load(options.soakMs);
    }
    for (const [run, result] of [['full', full], ['soak', soak]] as const) {
      if (result && (result.non2xx > 0 || result.errors > 0)) log(`${name} (${run}): ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    }
    return { full, half, soak, peakRssBytes: server.peakRssBytes() };
  } finally {
    await server.stop();
  }
}

/** The two rows every collector scenario reports: throughput at full rate against its target, p99 at half rate. */
export function collectorComparisons(options: {
  readonly metric: string;
  readonly baselineName: string;
  readonly baseline: ServerUnderLoad;
  readonly snowline: ServerUnderLoad;
  readonly targetRatio: number;
}): ComparisonRow[] {
  const { baseline, snowline, baselineName } = options;
  return [
    {
      metric: options.metric,
      unit: 'req/s',
      baseline: { name: baselineName, value: baseline.full.requestsPerSecond },
      snowline: { name: 'collector, durable spool', value: snowline.full.requestsPerSecond },
      higherIsBetter: true,
      targetRatio: options.targetRatio,
    },
    {
      metric: 'p99 latency at half the measured maximum rate',
      unit: 'ms',
      baseline: { name: baselineName, value: baseline.half.p99Ms },
      snowline: { name: 'collector', value: snowline.half.p99Ms },
      higherIsBetter: false,
    },
  ];
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
