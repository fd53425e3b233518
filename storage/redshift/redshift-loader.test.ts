import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTsv } from '../../enrich/index.ts';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { createS3Client } from '../s3/client.ts';
import { samplePageView } from '../test-support/enriched-events.ts';
import { startLocalS3, type LocalS3 } from '../../test-support/s3.ts';
import { createRedshiftLoader, RedshiftLoadFailedError, type RedshiftLoader } from './redshift-loader.ts';
import { createManifestTableOnPostgres } from './test-support/manifest-on-postgres.ts';

const BUCKET = 'staging';
let s3: LocalS3;
let client: S3Client;
let database: TemporaryPostgres;
let loader: RedshiftLoader;

async function getObject(key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  client = createS3Client(s3.clientOptions);
  database = await startTemporaryPostgres();
  await createManifestTableOnPostgres(database);
  loader = createRedshiftLoader({
    connectionString: database.url,
    s3: s3.clientOptions,
    stagingBucket: BUCKET,
    stagingPrefix: 'snowline/redshift-staging/',
    authorization: { iamRoleArn: 'arn:aws:iam::123456789012:role/snowline-loader' },
    maxErrors: 10,
    analyzeAfterLoad: false,
    vacuumAfterLoad: false,
  });
});

afterAll(async () => {
  await loader?.close();
  client?.destroy();
  await s3?.stop();
  await database?.stop();
});

describe('RedshiftLoader', () => {
  it('stages a batch as one gzipped TSV object and a manifest file that lists it with its exact length', async () => {
    const lines = [toTsv(samplePageView()), toTsv(samplePageView())];
    const manifestUrl = await loader.stageBatch('run/2026-11-29 08:00', lines);
    expect(manifestUrl).toBe(`s3://${BUCKET}/snowline/redshift-staging/run_2026-11-29_08_00/batch.manifest`);
    const manifest = JSON.parse((await getObject('snowline/redshift-staging/run_2026-11-29_08_00/batch.manifest')).toString('utf8'));
    const data = await getObject('snowline/redshift-staging/run_2026-11-29_08_00/part-0000.tsv.gz');
    expect(manifest).toEqual({
      entries: [{ url: `s3://${BUCKET}/snowline/redshift-staging/run_2026-11-29_08_00/part-0000.tsv.gz`, mandatory: true, meta: { content_length: data.length } }],
    });
    expect(gunzipSync(data).toString('utf8')).toBe(lines.map((line) => line + '\n').join(''));
  });

  it('reports a COPY the server rejects, names the batch, records nothing and leaves the staged batch for a retry', async () => {
    // PostgreSQL rejects Redshift's COPY ... IAM_ROLE syntax: a real server refusing a real load statement.
    const failure = await loader.loadBatch('batch-rejected', [toTsv(samplePageView())]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RedshiftLoadFailedError);
    expect((failure as Error).message).toMatch(/Redshift rejected batch batch-rejected \(staged at s3:\/\/staging\/.*batch\.manifest, left there for a retry\): syntax error/);
    expect(await database.query('SELECT * FROM atomic.snowline_manifest')).toEqual([]);
    expect((await getObject('snowline/redshift-staging/batch-rejected/batch.manifest')).length).toBeGreaterThan(0);
  });
});
