// S3 sink: one object per batch under enriched/good/ and enriched/bad/, in date or run partitions (the 2013 bucket
// layout made safe). Keys come from the batch id and its sealing time only, so a re-delivered batch lands on the
// same keys, and objects appear only when whole (uploadWhenWhole). The good object is written last and always
// (empty when the batch had no good events): its presence is what marks the batch as stored.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { HeadBucketCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client, isTransientS3Error, type S3ClientOptions } from '../s3/client.ts';
import { uploadWhenWhole } from '../s3/upload-when-whole.ts';
import { createBufferedSink, DEFAULT_RETRY_POLICY, type SinkDestination } from './buffered-sink.ts';
import { describeCause, type Sink, type SinkBatch } from './sink.ts';

export type S3Partitioning = 'date' | 'run';

export interface S3SinkOptions {
  readonly name: string;
  readonly bucket: string;
  /** Key prefix before `enriched/`, e.g. `snowline/` ('' for the bucket root). */
  readonly prefix: string;
  /** `date=YYYY-MM-DD` or, as in the 2013 buckets, `run=YYYY-MM-DD-HH-mm-ss` folders (from the batch's sealing time). */
  readonly partitioning: S3Partitioning;
  readonly gzip: boolean;
  readonly client: S3ClientOptions;
  readonly maxBufferedBytes: number;
  readonly flushIntervalMs: number;
}

const gzipAsync = promisify(gzip);

function partitionOf(createdAtMs: number, partitioning: S3Partitioning): string {
  const iso = new Date(createdAtMs).toISOString();
  return partitioning === 'date' ? `date=${iso.slice(0, 10)}` : `run=${iso.slice(0, 19).replace('T', '-').replaceAll(':', '-')}`;
}

/** Batch ids become key segments: anything but letters, digits and `._=-` is replaced. */
function keySafe(batchId: string): string {
  return batchId.replace(/[^A-Za-z0-9._=-]/g, '_');
}

export function s3BatchKeys(options: Pick<S3SinkOptions, 'prefix' | 'partitioning' | 'gzip'>, batch: Pick<SinkBatch, 'batchId' | 'createdAtMs'>) {
  const partition = partitionOf(batch.createdAtMs, options.partitioning);
  const suffix = options.gzip ? '.gz' : '';
  return {
    good: `${options.prefix}enriched/good/${partition}/${keySafe(batch.batchId)}.tsv${suffix}`,
    bad: `${options.prefix}enriched/bad/${partition}/${keySafe(batch.batchId)}.ndjson${suffix}`,
  };
}

async function objectExists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

export function createS3Destination(options: S3SinkOptions): SinkDestination {
  const client = createS3Client(options.client);
  const temporaryPrefix = `${options.prefix}_tmp/`;
  // zlib's async gzip runs on the thread pool: a large batch does not hold up the event loop.
  const encode = async (lines: readonly string[]) => {
    const text = Buffer.from(lines.map((line) => line + '\n').join(''));
    return options.gzip ? gzipAsync(text) : text;
  };
  const upload = async (key: string, lines: readonly string[], contentType: string) =>
    uploadWhenWhole(client, { bucket: options.bucket, key, temporaryPrefix, body: await encode(lines), contentType });

  return {
    name: options.name,
    async healthCheck() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: options.bucket }));
      } catch (error) {
        // HeadBucket answers without a body, so the SDK's message is often just "UnknownError": say what was asked.
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const meaning = status === 404 ? 'no such bucket' : status === 403 ? 'access denied (check the credentials and the bucket policy)' : describeCause(error);
        throw new Error(`bucket "${options.bucket}" at ${options.client.endpoint ?? 'AWS'}: ${meaning}`, { cause: error });
      }
    },
    async prepare() {},
    async store(batches: readonly SinkBatch[]) {
      let alreadyStored = 0;
      for (const batch of batches) {
        const keys = s3BatchKeys(options, batch);
        if (await objectExists(client, options.bucket, keys.good)) {
          alreadyStored++;
          continue;
        }
        if (batch.bad.length > 0) await upload(keys.bad, batch.bad, 'application/x-ndjson');
        await upload(keys.good, batch.good, 'text/tab-separated-values');
      }
      return { alreadyStored };
    },
    isTransient: isTransientS3Error,
    async release() {
      client.destroy();
    },
  };
}

export function createS3Sink(options: S3SinkOptions): Sink {
  return createBufferedSink(createS3Destination(options), {
    maxBufferedBytes: options.maxBufferedBytes,
    flushIntervalMs: options.flushIntervalMs,
    retry: DEFAULT_RETRY_POLICY,
  });
}
