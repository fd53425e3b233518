// One enrich worker of the scale-out mode: it lists the sealed raw objects that collectors uploaded to S3, claims one
// (storage/scale-out/claims.ts), enriches it and writes the enriched good TSV and bad rows back to S3 under keys
// derived from the raw key, each object visible only when whole; then it marks the raw object done. Several workers
// run side by side; `snowline load --from s3://.../enriched/good/ --watch` loads their output, each object once.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { uploadWhenWhole } from '../s3/upload-when-whole.ts';
import type { ClaimStore } from './claims.ts';

export interface EnrichWorkerOptions {
  readonly workerId: string;
  readonly s3: S3Client;
  readonly bucket: string;
  /** Where collectors upload sealed raw files (their `sinks[].prefix`), e.g. `raw/`. */
  readonly rawPrefix: string;
  /** Output goes to `<outputPrefix>enriched/good/…` and `<outputPrefix>enriched/bad/…`. */
  readonly outputPrefix: string;
  readonly claims: ClaimStore;
  readonly leaseMs: number;
  readonly pollIntervalMs: number;
  /** The enrich stage: raw file in, enriched TSV and bad-row NDJSON files out. */
  enrichFile(inputPath: string, output: { goodPath: string; badPath: string }): Promise<{ good: number; bad: number }>;
  readonly signal: AbortSignal;
  /** Called right after a claim is won (tests widen the window in which a worker can be killed mid-object). */
  readonly afterClaim?: (objectKey: string) => Promise<void>;
  readonly log?: (message: string) => void;
}

async function listRawKeys(options: EnrichWorkerOptions): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await options.s3.send(new ListObjectsV2Command({ Bucket: options.bucket, Prefix: options.rawPrefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key && !object.Key.includes('_tmp/')) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Output keys of a raw object: its path below the raw prefix, without `.gz`, plus `.tsv.gz` / `.ndjson.gz`. */
export function enrichedKeysFor(rawKey: string, rawPrefix: string, outputPrefix: string) {
  const relative = rawKey.slice(rawPrefix.length).replace(/\.gz$/, '');
  return {
    good: `${outputPrefix}enriched/good/${relative}.tsv.gz`,
    bad: `${outputPrefix}enriched/bad/${relative}.ndjson.gz`,
  };
}

async function gzipFile(source: string, target: string) {
  await pipeline(createReadStream(source), createGzip(), createWriteStream(target));
}

async function processObject(options: EnrichWorkerOptions, objectKey: string): Promise<boolean> {
  const workDirectory = await mkdtemp(path.join(os.tmpdir(), 'snowline-worker-'));
  let leaseLost = false;
  const renewal = setInterval(() => {
    options.claims.renew(objectKey, options.workerId).then((held) => (leaseLost ||= !held), () => {});
  }, Math.max(100, Math.floor(options.leaseMs / 3)));
  try {
    const rawPath = path.join(workDirectory, 'raw.gz');
    const object = await options.s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: objectKey }));
    await pipeline(object.Body as Readable, createWriteStream(rawPath));
    const goodPath = path.join(workDirectory, 'good.tsv');
    const badPath = path.join(workDirectory, 'bad.ndjson');
    const counts = await options.enrichFile(rawPath, { goodPath, badPath });
    const keys = enrichedKeysFor(objectKey, options.rawPrefix, options.outputPrefix);
    const temporaryPrefix = `${options.outputPrefix}_tmp/`;
    for (const [local, key] of [[badPath, keys.bad], [goodPath, keys.good]] as const) {
      if ((await stat(local).catch(() => undefined)) === undefined) continue;
      await gzipFile(local, `${local}.gz`);
      if (leaseLost) return false;
      await uploadWhenWhole(options.s3, { bucket: options.bucket, key, temporaryPrefix, body: createReadStream(`${local}.gz`), contentType: 'application/gzip' });
    }
    const completed = await options.claims.complete(objectKey, options.workerId);
    options.log?.(`${options.workerId}: ${objectKey} → ${counts.good} good, ${counts.bad} bad${completed ? '' : ' (claim taken over meanwhile)'}`);
    return completed;
  } finally {
    clearInterval(renewal);
    await rm(workDirectory, { recursive: true, force: true });
  }
}

/** Runs until the signal aborts; returns how many raw objects this worker completed. */
export async function runEnrichWorker(options: EnrichWorkerOptions): Promise<number> {
  await options.claims.ensureSchema();
  let completed = 0;
  while (!options.signal.aborted) {
    const keys = await listRawKeys(options);
    const done = await options.claims.doneKeys(keys);
    const claim = await options.claims.claimNext(keys.filter((key) => !done.has(key)), options.workerId);
    if (!claim) {
      await sleep(options.pollIntervalMs, undefined, { signal: options.signal }).catch(() => {});
      continue;
    }
    await options.afterClaim?.(claim.objectKey);
    if (await processObject(options, claim.objectKey)) completed++;
  }
  return completed;
}
