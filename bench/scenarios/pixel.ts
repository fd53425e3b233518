import { startChildServer } from '../lib/child-process.ts';
import { measureDiskSyncCost } from '../lib/disk-sync-cost.ts';
import { collectorComparisons, compareUnderLoad, durableFloorFigures, durableFloorServer, failedAnswers, roundsNote, startBuiltCollector, type ServerToMeasure } from '../lib/measure-http-server.ts';
import type { BenchScenario } from '../scenario.ts';

export const PIXEL_QUERY = '/i?e=pv&aid=bench&p=web&tv=bench-1&url=https%3A%2F%2Fexample.com%2Fa%3Futm_source%3Dx&page=Bench';
export const BARE_PIXEL_SERVER: ServerToMeasure = {
  name: 'bare node:http',
  start: (port) => startChildServer('bench/servers/bare-pixel-server.ts', [String(port)]),
};
/** The collector's memory bound holds "during a 60-second run at full rate". */
const SOAK_MS = 60_000;

const scenario: BenchScenario = {
  name: 'pixel',
  summary:
    'GET /i: the Snowline collector as users run it (built CLI, raw record fsynced before every answer) against a bare node:http pixel server that writes nothing.',
  async run({ durationMs, tmpDir, log }) {
    const compared = await compareUnderLoad({
      request: { target: PIXEL_QUERY },
      durationMs,
      log,
      baseline: BARE_PIXEL_SERVER,
      snowline: { name: 'snowline collector', start: startBuiltCollector(tmpDir), soakMs: SOAK_MS },
      floor: durableFloorServer(tmpDir),
    });
    const { snowline } = compared;
    log('disk: cost of one durable append');
    const disk = await measureDiskSyncCost(tmpDir);
    return {
      comparisons: collectorComparisons({ metric: 'GET /i, 50 connections', compared, targetRatio: 0.75 }),
      figures: [
        ...durableFloorFigures(compared),
        { metric: 'collector p99 at half rate', unit: 'ms', value: snowline.half.p99Ms, note: 'aim: under 20 ms' },
        {
          metric: `collector peak RSS (whole run, including ${SOAK_MS / 1000} s at full rate)`,
          unit: 'MB',
          value: snowline.peakRssBytes / 1e6,
          note: 'aim: under 150 MB',
        },
        { metric: `collector req/s over the ${SOAK_MS / 1000} s run`, unit: 'req/s', value: snowline.soak!.requestsPerSecond },
        { metric: 'collector answers at full rate that were not 2xx, or failed', unit: '', value: failedAnswers([...snowline.fullRuns, snowline.soak!]) },
      ],
      notes: [
        roundsNote(compared, durationMs),
        `This machine's disk, for reading the ratio: a 10 KB append + fdatasync (about one group-commit batch) costs ` +
          `${disk.directCpuMicros.toFixed(0)} µs of CPU called directly and ${disk.threadPoolCpuMicros.toFixed(0)} µs through libuv's thread pool ` +
          `as the spool calls it (${disk.threadPoolWallMicros.toFixed(0)} µs wall). The collector pays that once per batch, on the same cores as the load generator.`,
      ],
    };
  },
};

export default scenario;
