import path from 'node:path';
import { startChildServer } from '../lib/child-process.ts';
import { runHttpLoad } from '../lib/http-load.ts';
import { freePort } from '../../test-support/ports.ts';
import type { BenchScenario } from '../scenario.ts';

const QUERY = '/i?e=pv&aid=bench&p=web&tv=bench-1&url=https%3A%2F%2Fexample.com%2Fa%3Futm_source%3Dx&page=Bench';

const scenario: BenchScenario = {
  name: 'pixel',
  summary: 'GET /i: Snowline collector (raw record fsynced before every answer) against a bare node:http pixel server that writes nothing.',
  async run({ durationMs, tmpDir, log }) {
    const measure = async (name: string, script: string, extraArgs: string[]) => {
      const port = await freePort();
      const server = await startChildServer(script, [String(port), ...extraArgs]);
      try {
        log(`${name}: warm-up`);
        await runHttpLoad({ url: `http://127.0.0.1:${port}${QUERY}`, durationMs: 1000 });
        log(`${name}: ${durationMs / 1000} s at full rate`);
        const full = await runHttpLoad({ url: `http://127.0.0.1:${port}${QUERY}`, durationMs });
        log(`${name}: ${durationMs / 1000} s at half rate for latency`);
        const half = await runHttpLoad({
          url: `http://127.0.0.1:${port}${QUERY}`,
          durationMs,
          overallRate: Math.max(1, Math.round(full.requestsPerSecond / 2)),
        });
        if (full.non2xx > 0 || full.errors > 0) log(`${name}: ${full.non2xx} non-2xx answers, ${full.errors} errors`);
        return { full, half, peakRssBytes: server.peakRssBytes() };
      } finally {
        await server.stop();
      }
    };
    const bare = await measure('bare node:http', 'bench/servers/bare-pixel-server.ts', []);
    const snowline = await measure('snowline', 'bench/servers/snowline-collector.ts', [path.join(tmpDir, 'data')]);
    return {
      comparisons: [
        {
          metric: 'GET /i, 50 connections',
          unit: 'req/s',
          baseline: { name: 'bare node:http', value: bare.full.requestsPerSecond },
          snowline: { name: 'collector, durable spool', value: snowline.full.requestsPerSecond },
          higherIsBetter: true,
          targetRatio: 0.75,
        },
        {
          metric: 'p99 latency at half the measured maximum rate',
          unit: 'ms',
          baseline: { name: 'bare node:http', value: bare.half.p99Ms },
          snowline: { name: 'collector', value: snowline.half.p99Ms },
          higherIsBetter: false,
        },
      ],
      figures: [
        { metric: 'collector p99 at half rate', unit: 'ms', value: snowline.half.p99Ms, note: 'aim: under 20 ms' },
        { metric: 'collector peak RSS', unit: 'MB', value: snowline.peakRssBytes / 1e6, note: 'aim: under 150 MB' },
        { metric: 'non-2xx answers from the collector', unit: '', value: snowline.full.non2xx },
      ],
    };
  },
};

export default scenario;
