// The Redshift sink against what can run here: s3rver for staging and a real PostgreSQL for the connection and the
// manifest table. No Redshift is reachable, and PostgreSQL rejects Redshift's DDL (ENCODE, DISTKEY) and its
// COPY ... MANIFEST, so every case that needs a batch stored is skipped by name with that reason; the rest run.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { startLocalS3, useS3rverCredentials, type LocalS3 } from '../../test-support/s3.ts';
import { RedshiftLoadFailedError } from '../redshift/redshift-loader.ts';
import { createManifestTableOnPostgres } from '../redshift/test-support/manifest-on-postgres.ts';
import { createS3Client } from '../s3/client.ts';
import { redshiftTargetSchema } from '../target-config.ts';
import { createSinkForTarget } from '../targets.ts';
import { describeSinkConformance, makeBatch, skip, type ConformanceCase, type StoredContent } from './conformance.ts';
import { createRedshiftDestination } from './redshift-sink.ts';

const BUCKET = 'staging';
const PREFIX = 'snowline/redshift-staging/';
const NO_REDSHIFT =
  'no Redshift is reachable here: storing a batch needs Redshift DDL (ENCODE, DISTKEY) and COPY ... MANIFEST from S3, which PostgreSQL rejects';
let s3: LocalS3 | undefined;
let client: S3Client | undefined;
let database: TemporaryPostgres | undefined;

const target = (overrides: object = {}) =>
  redshiftTargetSchema.parse({
    type: 'redshift',
    name: 'redshift',
    url: database!.url,
    stagingBucket: BUCKET,
    stagingPrefix: PREFIX,
    iamRoleArn: 'arn:aws:iam::123456789012:role/snowline-loader',
    endpoint: s3!.endpoint,
    forcePathStyle: true,
    checksumsWhenRequiredOnly: true,
    ...overrides,
  });

async function stagedLines(key: string): Promise<string[]> {
  const object = await client!.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const text = gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString('utf8');
  return text.split('\n').filter((line) => line !== '');
}

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  useS3rverCredentials();
  client = createS3Client(s3.clientOptions);
  database = await startTemporaryPostgres();
  await createManifestTableOnPostgres(database);
});

afterAll(async () => {
  client?.destroy();
  await s3?.stop();
  await database?.stop();
});

// The transient-failure and killed-process cases are skipped through their own fields below, with the same reason.
const needsRedshift: ConformanceCase[] = ['order', 'closeFlushes', 'backPressure', 'redelivery'];

describeSinkConformance('redshift', {
  async setUp() {
    return {
      createSink: (overrides) => createSinkForTarget(target(overrides)),
      // PostgreSQL answers, the staging bucket does not exist.
      createBrokenSink: () => createSinkForTarget(target({ stagingBucket: 'no-such-bucket' })),
      async readBack(): Promise<StoredContent> {
        const loaded = await database!.query<{ batch_id: string }>('SELECT batch_id FROM atomic.snowline_manifest');
        if (loaded.length > 0) throw new Error('a batch was recorded as loaded, which PostgreSQL cannot do for Redshift COPY');
        return { goodEventIds: [], badRows: [] };
      },
      async reset() {
        await database!.query('TRUNCATE atomic.snowline_manifest');
      },
      transientFailure: skip(NO_REDSHIFT),
      childTarget: skip(NO_REDSHIFT),
      unsupportedCases: Object.fromEntries(needsRedshift.map((name) => [name, NO_REDSHIFT])),
    };
  },
  // The servers outlive the suite: the Redshift-only test below uses them too.
  async tearDown() {},
});

// The part of a store that runs without Redshift: staging to S3, the manifest transaction on PostgreSQL, and the
// failure the sink must treat as permanent (a rejected COPY is not retried; the batch stays staged for later).
it('redshift sink: stages a batch\'s good lines and bad rows in S3 in order, and a rejected COPY is a permanent failure that records nothing', async () => {
  const destination = createRedshiftDestination(target());
  const batch = makeBatch(6, 2);
  try {
    await destination.healthCheck();
    const failure = await destination.store([batch]).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(RedshiftLoadFailedError);
    expect((failure as Error).message).toContain(`Redshift rejected batch ${batch.batchId}`);
    expect(destination.isTransient(failure)).toBe(false);
    const folder = `${PREFIX}${batch.batchId}/`;
    expect(await stagedLines(`${folder}part-0000.tsv.gz`)).toEqual(batch.good);
    expect(await stagedLines(`${folder}bad.ndjson.gz`)).toEqual(batch.bad);
    expect(await database!.query('SELECT * FROM atomic.snowline_manifest')).toEqual([]);
  } finally {
    await destination.release();
  }
});
