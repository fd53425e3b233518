// Where the collector's GET /i throughput goes: the bare pixel server, then the collector's own tracking path cut
// after each stage (bench/servers/collector-stages-server.ts), all taking turns under the same load.
import path from 'node:path';
import { startChildServer } from '../lib/child-process.ts';
import { failedAnswers, measureTakingTurns, takingTurnsMethod, type ServerUnderLoad } from '../lib/measure-http-server.ts';
import type { BenchScenario, ComparisonRow } from '../scenario.ts';
import { BARE_PIXEL_SERVER, PIXEL_QUERY } from './pixel.ts';

const STAGES = [
  { stage: 'answer', name: 'collector path, record built and encoded, not stored', adds: 'the collector path up to the encoded record' },
  { stage: 'page-cache', name: 'collector path, record written by the spool, fsync skipped', adds: 'the spool write' },
  { stage: 'durable', name: 'collector path, record written and fdatasynced (as shipped)', adds: 'the fdatasync' },
] as const;
const ROUNDS = 3;

const scenario: BenchScenario = {
  name: 'collector-stages',
  summary:
    "GET /i: where the collector's throughput goes. The bare pixel server, then the collector's tracking path stopped after each stage, taking turns under the same load.",
  async run({ durationMs, tmpDir, log }) {
    const measured = await measureTakingTurns({
      request: { target: PIXEL_QUERY },
      durationMs,
      rounds: ROUNDS,
      log,
      servers: [
        BARE_PIXEL_SERVER,
        ...STAGES.map(({ stage, name }) => ({
          name,
          start: (port: number) => startChildServer('bench/servers/collector-stages-server.ts', [String(port), stage, path.join(tmpDir, stage)]),
        })),
      ],
    });
    const [bare, ...stages] = measured as [ServerUnderLoad, ...ServerUnderLoad[]];
    const comparisons: ComparisonRow[] = stages.map((stage) => ({
      metric: `GET /i, 50 connections: ${stage.name}`,
      unit: 'req/s',
      baseline: { name: bare.name, value: bare.full.requestsPerSecond },
      snowline: { name: 'collector path', value: stage.full.requestsPerSecond },
      higherIsBetter: true,
    }));
    // Time per request at full rate, 1/throughput: the difference between two steps is what the later step adds.
    const microsPerRequest = (server: ServerUnderLoad) => 1e6 / server.full.requestsPerSecond;
    const steps = measured.slice(1).map((server, index) => microsPerRequest(server) - microsPerRequest(measured[index]!));
    return {
      comparisons,
      figures: [
        ...STAGES.map(({ adds }, index) => ({
          metric: `µs per request added by ${adds}`,
          unit: 'µs',
          value: steps[index]!,
          note: 'at full rate: 1/throughput of this step minus that of the one before',
        })),
        { metric: 'answers at full rate that were not 2xx, or failed', unit: '', value: failedAnswers(measured.flatMap((server) => server.fullRuns)) },
      ],
      notes: [
        `${takingTurnsMethod(ROUNDS, durationMs)} ` +
          'The three collector servers run the same settings, handler and dispatch as `snowline collector` (default config), in tsx rather than the built CLI.',
      ],
    };
  },
};

export default scenario;
