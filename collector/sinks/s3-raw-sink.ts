import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3SinkConfig } from '../config.ts';
import { parseSpoolFileName } from '../spool/sealed-file-names.ts';
import type { RawFileSink } from './raw-file-sink.ts';

const gzipAsync = promisify(gzip);

/** `<prefix><yyyy>/<mm>/<dd>/<hostId>/<sealed name>.gz`, dated by the time in the sealed file's name. */
export function s3KeyFor(prefix: string, sealedPath: string): string {
  const name = path.basename(sealedPath);
  const parsed = parseSpoolFileName(name);
  if (!parsed) throw new Error(`not a sealed raw file name: ${name}`);
  const { time, hostId } = parsed;
  return `${prefix}${time.slice(0, 4)}/${time.slice(4, 6)}/${time.slice(6, 8)}/${hostId}/${name}.gz`;
}

/** The S3 client options; also what other Snowline S3 users need against S3-compatible stores (TOOLCHAIN.md). */
export function s3ClientFor(config: S3SinkConfig): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.checksumsWhenRequiredOnly
      ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
      : {}),
    // Retries are the sink's own (backoff across attempts, files kept locally until confirmed).
    maxAttempts: 1,
  });
}

/**
 * Gzips a sealed file and uploads it with its MD5 (S3 rejects a body that does not match it), then confirms with a
 * HEAD that the object exists with the uploaded length. Only then does the shipper count the file as shipped.
 */
export function createS3RawSink(config: S3SinkConfig): RawFileSink {
  const client = s3ClientFor(config);
  return {
    id: `s3-${config.bucket}-${config.prefix.replace(/[^a-zA-Z0-9]/g, '_')}`,
    async ship(sealedPath) {
      const body = await gzipAsync(await readFile(sealedPath));
      const key = s3KeyFor(config.prefix, sealedPath);
      await client.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentMD5: createHash('md5').update(body).digest('base64'),
          ContentType: 'application/x-ndjson',
          ContentEncoding: 'gzip',
        }),
      );
      const head = await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }));
      if (head.ContentLength !== body.length) {
        throw new Error(`s3://${config.bucket}/${key} has ${head.ContentLength} bytes after upload, expected ${body.length}`);
      }
    },
    async close() {
      client.destroy();
    },
  };
}
