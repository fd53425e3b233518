// Process entry of one scale-out enrich worker (until `snowline enrich --worker` wires the same function):
//   node --import tsx storage/scale-out/enrich-worker-main.ts '<json options>'
// Options: workerId, bucket, rawPrefix, outputPrefix, postgresUrl (claims), leaseMs, pollIntervalMs, and for S3-compatible
// stores endpoint (path style, checksums when required); pauseAfterClaimMs only for tests. Stops on SIGTERM.
import { setTimeout as sleep } from 'node:timers/promises';
import { createEnricher, enrichConfigSchema, enrichRawFile } from '../../enrich/index.ts';
import { createS3Client } from '../s3/client.ts';
import { createClaimStore } from './claims.ts';
import { runEnrichWorker } from './enrich-worker.ts';

interface WorkerMainOptions {
  workerId: string;
  bucket: string;
  rawPrefix: string;
  outputPrefix: string;
  postgresUrl: string;
  endpoint?: string;
  leaseMs: number;
  pollIntervalMs: number;
  pauseAfterClaimMs?: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as WorkerMainOptions;
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
const s3 = createS3Client({
  region: process.env.AWS_REGION ?? 'us-east-1',
  endpoint: options.endpoint,
  forcePathStyle: options.endpoint !== undefined,
  checksumsWhenRequiredOnly: options.endpoint !== undefined,
});
const claims = createClaimStore({ connectionString: options.postgresUrl, leaseMs: options.leaseMs });
const enricher = await createEnricher(enrichConfigSchema.parse({}));
const completed = await runEnrichWorker({
  workerId: options.workerId,
  s3,
  bucket: options.bucket,
  rawPrefix: options.rawPrefix,
  outputPrefix: options.outputPrefix,
  claims,
  leaseMs: options.leaseMs,
  pollIntervalMs: options.pollIntervalMs,
  signal: controller.signal,
  async enrichFile(inputPath, output) {
    const counts = await enrichRawFile(inputPath, output, enricher);
    return { good: counts.good, bad: counts.bad };
  },
  afterClaim: async (objectKey) => {
    process.stdout.write(`claimed ${objectKey}\n`);
    if (options.pauseAfterClaimMs) await sleep(options.pauseAfterClaimMs);
  },
  log: (message) => process.stdout.write(`${message}\n`),
});
process.stdout.write(`${options.workerId} stopped after ${completed} objects\n`);
await claims.close();
s3.destroy();
