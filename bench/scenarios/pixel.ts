import { startChildServer } from '../lib/child-process.ts';
import { collectorComparisons, measureServerUnderLoad, startBuiltCollector } from '../lib/measure-http-server.ts';
import type { BenchScenario } from '../scenario.ts';

const QUERY = '/i?e=pv&aid=bench&p=web&tv=bench-1&url=https%3A%2F%2Fexample.com%2Fa%3Futm_source%3Dx&page=Bench';
/** The memory bound holds "during a 60-second run at full rate". */
const SOAK_MS = 60_000;

const scenario: BenchScenario = {
  name: 'pixel',
  summary:
    'GET /i: the Snowline collector as users run it (built CLI, raw record fsynced before every answer) against a bare node:http pixel server that writes nothing.',
  async run({ durationMs, tmpDir, log }) {
    const common = { request: { target: QUERY }, durationMs, log };
    const bare = await measureServerUnderLoad({
      ...common,
      name: 'bare node:http',
      start: (port) => startChildServer('bench/servers/bare-pixel-server.ts', [String(port)]),
    });
    const snowline = await measureServerUnderLoad({ ...common, name: 'snowline collector', start: startBuiltCollector(tmpDir), soakMs: SOAK_MS });
    return {
      comparisons: collectorComparisons({ metric: 'GET /i, 50 connections', baselineName: 'bare node:http', baseline: bare, snowline, targetRatio: 0.75 }),
      figures: [
        { metric: 'collector p99 at half rate', unit: 'ms', value: snowline.half.p99Ms, note: 'aim: under 20 ms' },
        {
          metric: `collector peak RSS (whole run, including ${SOAK_MS / 1000} s at full rate)`,
          unit: 'MB',
          value: snowline.peakRssBytes / 1e6,
          note: 'aim: under 150 MB',
        },
        { metric: `collector req/s over the ${SOAK_MS / 1000} s run`, unit: 'req/s', value: snowline.soak!.requestsPerSecond },
        { metric: 'non-2xx answers from the collector', unit: '', value: snowline.full.non2xx + snowline.soak!.non2xx },
      ],
    };
  },
};

export default scenario;
