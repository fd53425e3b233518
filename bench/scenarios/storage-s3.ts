// S3 sink throughput against a local S3-compatible server (s3rver): batches of enriched TSV gzipped and uploaded
// under temporary keys, then copied into place. An order of magnitude only: s3rver writes to local disk, and real S3
// adds network latency and parallelism.
import { writeFileSync } from 'node:fs';
import { createSinkForTarget, s3TargetSchema } from '../../storage/targets.ts';
import { samplePageView } from '../../storage/test-support/enriched-events.ts';
import { startLocalS3, S3RVER_CREDENTIALS } from '../../test-support/s3.ts';
import { toTsv } from '../../enrich/index.ts';
import type { BenchScenario } from '../scenario.ts';

const BATCHES = 10;
const ROWS_PER_BATCH = 10_000;

const scenario: BenchScenario = {
  name: 'storage-s3',
  summary: `S3 sink: ${BATCHES} batches of ${ROWS_PER_BATCH.toLocaleString('en')} enriched rows, gzipped, uploaded to s3rver and made visible when whole.`,
  async run({ tmpDir, log }) {
    const s3 = await startLocalS3(['bench']);
    process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
    try {
      const lines = Array.from({ length: ROWS_PER_BATCH }, () => toTsv(samplePageView()));
      const batchBytes = lines.reduce((total, line) => total + Buffer.byteLength(line) + 1, 0);
      writeFileSync(`${tmpDir}/sample.tsv`, lines.slice(0, 10).join('\n'));
      const sink = createSinkForTarget(
        s3TargetSchema.parse({ type: 's3', name: 'bench', bucket: 'bench', endpoint: s3.endpoint, forcePathStyle: true, checksumsWhenRequiredOnly: true, flushIntervalMs: 0 }),
      );
      await sink.open();
      log(`${BATCHES} batches of ${(batchBytes / 1e6).toFixed(1)} MB`);
      const started = performance.now();
      for (let index = 0; index < BATCHES; index++) {
        await sink.write({ batchId: `bench-${index}`, createdAtMs: Date.now(), good: lines, bad: [] });
        await sink.flush();
      }
      const seconds = (performance.now() - started) / 1000;
      await sink.close();
      return {
        comparisons: [],
        figures: [
          { metric: 'S3 sink into s3rver, uncompressed TSV bytes accepted per second', unit: 'MB/s', value: (BATCHES * batchBytes) / 1e6 / seconds, note: 'gzip on, one object per batch, temporary key + copy' },
          { metric: 'S3 sink into s3rver', unit: 'rows/s', value: (BATCHES * ROWS_PER_BATCH) / seconds },
        ],
        notes: ['Order of magnitude only: s3rver is a single Node process writing to local disk.'],
      };
    } finally {
      await s3.stop();
    }
  },
};

export default scenario;
