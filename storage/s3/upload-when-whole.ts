// Writes an object so that readers never see part of it: upload under a temporary key (multipart for large bodies),
// copy to the final key, delete the temporary one. A crash leaves at most a stray temporary object, never a torn
// final one, and repeating the upload of the same content to the same key is harmless.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

export interface UploadWhenWholeOptions {
  readonly bucket: string;
  readonly key: string;
  /** Where temporary objects go; keep it outside the prefixes readers list. */
  readonly temporaryPrefix: string;
  readonly body: Buffer | Readable;
  readonly contentType?: string;
  /** Multipart part size (S3's minimum is 5 MiB). */
  readonly partSizeBytes?: number;
}

/** CopyObject copies at most 5 GiB in one request; larger objects would need UploadPartCopy. */
export const MAX_COPY_BYTES = 5 * 1024 ** 3;

export async function uploadWhenWhole(client: S3Client, options: UploadWhenWholeOptions): Promise<void> {
  const temporaryKey = `${options.temporaryPrefix}${randomUUID()}-${options.key.split('/').pop()}`;
  const upload = new Upload({
    client,
    params: { Bucket: options.bucket, Key: temporaryKey, Body: options.body, ContentType: options.contentType },
    partSize: options.partSizeBytes ?? 8 * 1024 * 1024,
    queueSize: 2,
  });
  await upload.done();
  try {
    await client.send(
      new CopyObjectCommand({
        Bucket: options.bucket,
        Key: options.key,
        CopySource: `${options.bucket}/${temporaryKey.split('/').map(encodeURIComponent).join('/')}`,
        ContentType: options.contentType,
        MetadataDirective: 'REPLACE',
      }),
    );
  } finally {
    await client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: temporaryKey })).catch(() => {});
  }
}
