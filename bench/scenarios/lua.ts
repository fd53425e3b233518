// Lua tracker speed: track calls per second on lua5.4, LuaJIT and the fengari runtime (fengari/lua5.4 is the
// ratio that matters for games hosting Lua in Node), and what tracking in nginx log_by_lua adds to request latency.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startChildServer } from '../lib/child-process.ts';
import { freePort } from '../../test-support/ports.ts';
import { requireTool } from '../../test-support/require-tool.ts';
import { createLuaRuntime, luaTrackerDir } from '../../trackers/lua/index.ts';
import { startNginx, trackingSite } from '../../trackers/lua/test/nginx.ts';
import { interleavedLatency, type LatencySummary } from '../../trackers/lua/bench/interleaved-latency.ts';
import type { BenchContext, BenchScenario, ComparisonRow, FigureRow } from '../scenario.ts';

const SCRIPT = path.join(luaTrackerDir, 'bench/track-calls.lua');

function nativeCallsPerSecond(interpreter: string, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(interpreter, ['-e', `package.path = '${luaTrackerDir}/?.lua;' .. package.path`, SCRIPT, String(seconds)]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const value = Number(stdout.trim());
      if (code === 0 && Number.isFinite(value)) resolve(value);
      else reject(new Error(`${interpreter} ${SCRIPT} failed (${code}): ${stderr}`));
    });
  });
}

async function fengariCallsPerSecond(seconds: number): Promise<number> {
  const runtime = createLuaRuntime({
    instructionBudget: Number.MAX_SAFE_INTEGER,
    hostFunctions: {
      cpu_seconds: () => {
        const usage = process.cpuUsage();
        return (usage.user + usage.system) / 1e6;
      },
    },
  });
  const loaded = await runtime.run(readFileSync(SCRIPT, 'utf8'), 'track-calls.lua');
  if (!loaded.ok) throw new Error(loaded.error);
  await runtime.call('bench_track_calls', 0.5);
  const result = await runtime.call('bench_track_calls', seconds);
  if (!result.ok) throw new Error(result.error);
  return Number(result.values[0]);
}

async function openrestyLatency({ durationMs, log }: BenchContext) {
  const collectorPort = await freePort();
  const collector = await startChildServer('trackers/lua/bench/tp2-sink-server.ts', [String(collectorPort)]);
  const site = trackingSite(`http://127.0.0.1:${collectorPort}`).replace(
    'location = /snowline-stats',
    "location = /untracked { default_type text/plain; return 200 'hello\\n'; }\n    location = /snowline-stats",
  );
  const nginx = await startNginx(site);
  try {
    const urls = [`${nginx.url}/untracked`, `${nginx.url}/tracked`];
    log('nginx: warm-up');
    await interleavedLatency(urls, 1000);
    log(`nginx: ${durationMs / 1000} s of requests alternating between an untracked and a tracked location`);
    const [plain, tracked] = (await interleavedLatency(urls, durationMs)) as [LatencySummary, LatencySummary];
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stats = (await (await fetch(`${nginx.url}/snowline-stats`)).json()) as { sent: number; dropped: number; queued: number };
    return { plain, tracked, stats };
  } finally {
    await nginx.stop();
    await collector.stop();
  }
}

const scenario: BenchScenario = {
  name: 'lua',
  summary: 'Lua tracker: track calls/s on lua5.4, LuaJIT and the fengari runtime; nginx request latency with and without log_by_lua tracking.',
  async run(context) {
    // CPU time per call (see track-calls.lua); three rounds, interpreters taking turns, median per interpreter.
    const seconds = context.durationMs / 1000 / 3;
    const lua54 = requireTool('lua5.4', 'lua5.4');
    const luajit = requireTool('luajit', 'luajit2');
    const rates = { lua54: [] as number[], luajit: [] as number[], fengari: [] as number[] };
    for (let round = 1; round <= 3; round++) {
      context.log(`round ${round}/3: ${seconds.toFixed(1)} s of track calls on lua5.4, luajit and the fengari runtime`);
      rates.lua54.push(await nativeCallsPerSecond(lua54, seconds));
      rates.luajit.push(await nativeCallsPerSecond(luajit, seconds));
      rates.fengari.push(await fengariCallsPerSecond(seconds));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
    const nativeRate = median(rates.lua54);
    const jitRate = median(rates.luajit);
    const fengariRate = median(rates.fengari);
    const openresty = await openrestyLatency(context);
    const comparisons: ComparisonRow[] = [
      {
        metric: 'track calls per CPU second (payload built and queued, transport stubbed)',
        unit: 'calls/s',
        baseline: { name: 'lua5.4', value: nativeRate },
        snowline: { name: 'fengari runtime', value: fengariRate },
        higherIsBetter: true,
      },
      {
        metric: 'track calls per CPU second (payload built and queued, transport stubbed)',
        unit: 'calls/s',
        baseline: { name: 'lua5.4', value: nativeRate },
        snowline: { name: 'LuaJIT', value: jitRate },
        higherIsBetter: true,
      },
      {
        metric: 'nginx p99 request latency, 4 keep-alive connections, locations alternated',
        unit: 'ms',
        baseline: { name: 'no tracking', value: openresty.plain.p99Ms },
        snowline: { name: 'log_by_lua tracking', value: openresty.tracked.p99Ms },
        higherIsBetter: false,
      },
    ];
    const figures: FigureRow[] = [
      { metric: 'p99 added by tracking in log_by_lua', unit: 'ms', value: openresty.tracked.p99Ms - openresty.plain.p99Ms, note: 'aim: under 1 ms' },
      { metric: 'nginx p50 without / with tracking', unit: 'ms', value: openresty.tracked.p50Ms, note: `without: ${openresty.plain.p50Ms} ms` },
      { metric: 'events the nginx tracker sent to the collector', unit: '', value: openresty.stats.sent, note: `dropped ${openresty.stats.dropped}, queued ${openresty.stats.queued}` },
      { metric: 'requests measured per location (untracked / tracked)', unit: '', value: openresty.tracked.requests, note: `untracked: ${openresty.plain.requests}` },
      { metric: 'failed requests (untracked + tracked)', unit: '', value: openresty.plain.errors + openresty.tracked.errors },
    ];
    return { comparisons, figures };
  },
};

export default scenario;
