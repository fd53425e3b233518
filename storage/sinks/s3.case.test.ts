import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { createS3Client } from '../s3/client.ts';
import { startLocalS3, S3RVER_CREDENTIALS, type LocalS3 } from '../../test-support/s3.ts';
import { createSinkForTarget, s3TargetSchema } from '../targets.ts';
import { describeSinkConformance, type StoredContent } from './conformance.ts';

const BUCKET = 'snowline-events';
let s3: LocalS3;
let client: S3Client;

async function listKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) keys.push(object.Key!);
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

async function readLines(prefix: string): Promise<string[]> {
  const lines: string[] = [];
  for (const key of await listKeys(prefix)) {
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    lines.push(...gunzipSync(bytes).toString('utf8').split('\n').filter((line) => line !== ''));
  }
  return lines;
}

describeSinkConformance('s3', {
  async setUp() {
    s3 = await startLocalS3([BUCKET]);
    // The sink takes credentials from the AWS default chain; the child process inherits them too.
    process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
    client = createS3Client(s3.clientOptions);
    const target = (overrides: object = {}) =>
      s3TargetSchema.parse({
        type: 's3',
        name: 'archive',
        bucket: BUCKET,
        endpoint: s3.endpoint,
        forcePathStyle: true,
        checksumsWhenRequiredOnly: true,
        ...overrides,
      });
    return {
      createSink: (overrides) => createSinkForTarget(target(overrides)),
      createBrokenSink: () => createSinkForTarget(target({ bucket: 'no-such-bucket' })),
      async readBack(): Promise<StoredContent> {
        return {
          goodEventIds: (await readLines('snowline/enriched/good/')).map((line) => line.split('\t')[6]!),
          badRows: await readLines('snowline/enriched/bad/'),
        };
      },
      async reset() {
        for (const key of await listKeys('')) await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
      },
      transientFailure: {
        async start() {
          await s3.pause();
          return () => s3.resume();
        },
      },
      childTarget: { type: 's3', name: 'archive', bucket: BUCKET, endpoint: s3.endpoint, forcePathStyle: true, checksumsWhenRequiredOnly: true },
    };
  },
  async tearDown() {
    client?.destroy();
    await s3?.stop();
  },
});
