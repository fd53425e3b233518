// S3 for `snowline enrich`: objects under an input prefix are downloaded one at a time into a local staging
// directory (with their LastModified as modification time, so the manifest recognises them), enriched, and,
// for an S3 output, the outputs and the manifest are uploaded whole (temporary key, copy, delete) before the
// local copies are removed. A re-run reads the manifest back from the output and skips finished objects
// without downloading them.

import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { readManifest, runBatch, type BatchOptions, type BatchSummary, type RawFileCounts } from '../../enrich/index.ts';
import { parseS3Url, uploadWhenWhole } from '../../storage/index.ts';

export function isS3Url(location: string): boolean {
  return location.startsWith('s3://');
}

interface S3Object {
  readonly key: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

async function listObjects(client: S3Client, url: string): Promise<{ bucket: string; objects: S3Object[] }> {
  const { bucket, prefix } = parseS3Url(url);
  const objects: S3Object[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const item of page.Contents ?? []) {
      if (item.Key === undefined || item.Key.endsWith('/') || basename(item.Key).startsWith('.')) continue;
      objects.push({ key: item.Key, sizeBytes: item.Size ?? 0, modifiedMs: item.LastModified?.getTime() ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  objects.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { bucket, objects };
}

async function download(client: S3Client, bucket: string, object: S3Object, path: string): Promise<void> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
  await pipeline(response.Body as Readable, createWriteStream(path));
  const modified = new Date(object.modifiedMs);
  await utimes(path, modified, modified);
}

async function tryDownloadText(client: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await response.Body!.transformToString('utf8');
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw error;
  }
}

function joinKey(prefix: string, ...parts: string[]): string {
  return [prefix.replace(/\/+$/, ''), ...parts].filter((part) => part !== '').join('/');
}

/** Runs a batch whose input and/or output is an S3 location, staging through a local directory. */
export async function runBatchWithS3(options: BatchOptions, client: S3Client): Promise<BatchSummary> {
  const staging = await mkdtemp(join(tmpdir(), 'snowline-enrich-s3-'));
  try {
    const outputIsS3 = isS3Url(options.output);
    const localOutput = outputIsS3 ? join(staging, 'output') : options.output;
    await mkdir(localOutput, { recursive: true });
    const output = outputIsS3 ? parseS3Url(options.output) : null;
    if (output !== null) {
      const manifest = await tryDownloadText(client, output.bucket, joinKey(output.prefix, 'manifest.ndjson'));
      if (manifest !== null) await writeFile(join(localOutput, 'manifest.ndjson'), manifest);
    }
    const inputs: { localPath: string; fetch: (() => Promise<void>) | null }[] = [];
    const skippedAsDone: string[] = [];
    if (isS3Url(options.input)) {
      const { bucket, objects } = await listObjects(client, options.input);
      const inputDir = join(staging, 'input');
      await mkdir(inputDir, { recursive: true });
      const done = output === null ? new Map() : await readManifest(join(localOutput, 'manifest.ndjson'));
      for (const object of objects) {
        const name = basename(object.key);
        const entry = done.get(name);
        // Finished objects are recognised from the manifest alone, without downloading them again.
        if (entry !== undefined && entry.sizeBytes === object.sizeBytes && Math.floor(entry.modifiedMs / 1000) === Math.floor(object.modifiedMs / 1000)) {
          skippedAsDone.push(`s3://${bucket}/${object.key}`);
          continue;
        }
        const localPath = join(inputDir, name);
        inputs.push({ localPath, fetch: () => download(client, bucket, object, localPath) });
      }
    } else {
      inputs.push({ localPath: options.input, fetch: null });
    }
    const totals: RawFileCounts = { records: 0, good: 0, bad: 0, dropped: 0, skipped: 0 };
    const processed: string[] = [];
    const started = performance.now();
    let workerStartupMs = 0;
    for (const input of inputs) {
      await input.fetch?.();
      const summary = await runBatch({ ...options, input: input.localPath, output: localOutput, requireOutputsOnDisk: output === null });
      for (const key of Object.keys(totals) as (keyof RawFileCounts)[]) totals[key] += summary.totals[key];
      processed.push(...summary.processed);
      workerStartupMs += summary.workerStartupMs;
      skippedAsDone.push(...summary.skippedAsDone);
      if (output !== null) {
        for (const path of summary.processed) {
          const name = basename(path);
          for (const [folder, file] of [['good', `${name}.tsv`], ['bad', `${name}.ndjson`]] as const) {
            const local = join(localOutput, folder, file);
            await uploadWhenWhole(client, { bucket: output.bucket, key: joinKey(output.prefix, folder, file), temporaryPrefix: joinKey(output.prefix, '_tmp/'), body: await readFile(local) });
            await rm(local);
          }
        }
        if (summary.processed.length > 0) {
          const manifest = join(localOutput, 'manifest.ndjson');
          await uploadWhenWhole(client, { bucket: output.bucket, key: joinKey(output.prefix, 'manifest.ndjson'), temporaryPrefix: joinKey(output.prefix, '_tmp/'), body: await readFile(manifest) });
        }
      }
      if (input.fetch !== null && (await stat(input.localPath).catch(() => null)) !== null) await rm(input.localPath);
    }
    return { processed, skippedAsDone, totals, elapsedMs: performance.now() - started, workerStartupMs };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
