// Fetches the enriched files under an s3:// prefix into a local folder (keeping the key layout), so that DuckDB
// can read them without its network extensions, which this project does not download at run time.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export interface S3Location {
  /** s3://bucket/prefix/ */
  readonly url: string;
  /** Client settings; S3-compatible stores usually need endpoint and forcePathStyle. Credentials default to the AWS chain. */
  readonly client?: S3ClientConfig;
}

export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new Error(`not an S3 location (s3://bucket/prefix): ${url}`);
  return { bucket: match[1]!, prefix: match[2]! };
}

/** Downloads every `.tsv`/`.tsv.gz` object under the prefix; returns how many were fetched. */
export async function downloadEnrichedPrefix(location: S3Location, dir: string): Promise<number> {
  const { bucket, prefix } = parseS3Url(location.url);
  const client = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...location.client });
  let fetched = 0;
  try {
    let continuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }));
      for (const object of page.Contents ?? []) {
        const key = object.Key!;
        if (!key.endsWith('.tsv') && !key.endsWith('.tsv.gz')) continue;
        const relative = path.normalize(key.slice(prefix.length)).replace(/^(\.\.(\/|$))+/, '');
        const target = path.join(dir, relative);
        mkdirSync(path.dirname(target), { recursive: true });
        const body = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        writeFileSync(target, await body.Body!.transformToByteArray());
        fetched++;
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  } finally {
    client.destroy();
  }
  if (fetched === 0) throw new Error(`no enriched files (*.tsv, *.tsv.gz) under ${location.url}`);
  return fetched;
}
