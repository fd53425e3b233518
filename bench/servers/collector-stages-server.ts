// The collector's tracking path cut after one of its stages, for the collector-stages bench, which shows where the
// collector's throughput goes against a bare server. Same settings, handler and hot-path dispatch as the collector
// (default config); what differs is only where the raw record goes:
//   answer      the record is built and encoded, then dropped: the answer follows at once;
//   page-cache  the group-commit spool writes the record but its fsync does nothing;
//   durable     the group-commit spool as the collector runs it (written and fdatasynced before the answer).
// Usage: collector-stages-server.ts <port> <answer|page-cache|durable> <data-dir>
import path from 'node:path';
import express from 'express';
import { COLLECTOR_NAME } from '../../collector/collector-name.ts';
import { collectorConfigSchema } from '../../collector/config.ts';
import { createCollectorServer } from '../../collector/http/collector-server.ts';
import { createTrackingHandler, type TrackingSinks } from '../../collector/http/tracking-handler.ts';
import { buildCollectorSettings } from '../../collector/request/collector-settings.ts';
import { GroupCommitSpool } from '../../collector/spool/group-commit-spool.ts';

const STAGES = ['answer', 'page-cache', 'durable'] as const;
const [portArgument, stage, dataDir] = process.argv.slice(2);
if (!STAGES.includes(stage as (typeof STAGES)[number]) || !dataDir) {
  process.stderr.write(`usage: collector-stages-server.ts <port> <${STAGES.join('|')}> <data-dir>\n`);
  process.exit(2);
}

const config = collectorConfigSchema.parse({});
const settings = buildCollectorSettings(config, COLLECTOR_NAME, 'bench');

async function sinksFor(): Promise<TrackingSinks> {
  if (stage === 'answer') return { appendRecord: () => Promise.resolve(), appendBadRow: () => Promise.resolve(), overloadReason: () => null };
  const spool = await GroupCommitSpool.open({
    spoolDir: path.join(dataDir!, 'spool'),
    sealedDir: path.join(dataDir!, 'sealed'),
    hostId: 'bench',
    rotateAfterMs: config.rotateAfterMs,
    rotateAfterBytes: config.rotateAfterBytes,
    maxConcurrentSyncs: config.concurrentSyncs,
    onSealed: () => {},
    ...(stage === 'page-cache' ? { syncFile: () => Promise.resolve() } : {}),
  });
  return { appendRecord: (line) => spool.append(line), appendBadRow: (line) => spool.append(line), overloadReason: () => null };
}

const counters = { recorded: 0, sizeViolations: 0, rejectedOverloaded: 0, rejectedTooLarge: 0, failedDurableWrite: 0 };
const server = createCollectorServer(settings, express(), createTrackingHandler(settings, await sinksFor(), counters));
server.listen(Number(portArgument), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
