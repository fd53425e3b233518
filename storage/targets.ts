// The storage targets a user configures (`storage.targets` in snowline.config.json) and the sinks built from them.
import { z } from 'zod';
import { createFilesSink } from './sinks/files-sink.ts';
import { createPostgresSink } from './sinks/postgres-sink.ts';
import { createS3Sink } from './sinks/s3-sink.ts';
import type { Sink } from './sinks/sink.ts';

const targetName = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).describe('Name of the target in messages, `snowline load --to <name>` and `targets check`.');
const maxBufferedBytes = z.number().int().positive().default(8 * 1024 * 1024).describe('write() waits for a flush once this many bytes are buffered (back-pressure).');
const flushIntervalMs = z.number().int().min(0).default(1000).describe('Background flush period in ms (0: flush only when asked).');

export const filesTargetSchema = z
  .object({
    type: z.literal('files'),
    name: targetName,
    directory: z.string().min(1).describe('Output directory: sealed parts appear in good/ (TSV) and bad/ (NDJSON); .open/ holds the part being written and the journal.'),
    maxPartBytes: z.number().int().positive().default(64 * 1024 * 1024).describe('Seal a part once it holds this many bytes.'),
    maxPartAgeMs: z.number().int().positive().default(60_000).describe('Seal a part once it has been open this many ms.'),
    gzip: z.boolean().default(false).describe('Gzip parts when they are sealed (`.gz`).'),
    maxBufferedBytes,
    flushIntervalMs,
  })
  .strict();

export const s3TargetSchema = z
  .object({
    type: z.literal('s3'),
    name: targetName,
    bucket: z.string().min(1).describe('Bucket name.'),
    prefix: z.string().default('snowline/').describe('Key prefix; objects are `<prefix>enriched/good|bad/<partition>/<batchId>.tsv|ndjson[.gz]`.'),
    partitioning: z.enum(['date', 'run']).default('date').describe('`date=YYYY-MM-DD` or `run=YYYY-MM-DD-HH-mm-ss` folders, from the time the batch was sealed.'),
    gzip: z.boolean().default(true).describe('Gzip objects.'),
    region: z.string().default('us-east-1').describe('AWS region.'),
    endpoint: z.string().url().optional().describe('Endpoint of an S3-compatible store (absent: AWS).'),
    forcePathStyle: z.boolean().default(false).describe('Path-style URLs (needed by most S3-compatible stores).'),
    checksumsWhenRequiredOnly: z.boolean().default(false).describe('Send and check checksums only when the API requires them (needed by s3rver and other stores that mishandle aws-chunked uploads).'),
    maxBufferedBytes,
    flushIntervalMs,
  })
  .strict()
  .describe('Credentials come from the AWS default chain (environment, shared config, instance role).');

export const postgresTargetSchema = z
  .object({
    type: z.literal('postgres'),
    name: targetName,
    url: z.string().min(1).describe('postgres://user@host:port/database; leave the password out and set PGPASSWORD in the environment.'),
    maxBufferedBytes,
    flushIntervalMs,
  })
  .strict();

export const targetSchema = z.discriminatedUnion('type', [filesTargetSchema, s3TargetSchema, postgresTargetSchema]);

export type TargetConfig = z.infer<typeof targetSchema>;
export type TargetInput = z.input<typeof targetSchema>;

/** Builds the sink of a target (not opened yet). */
export function createSinkForTarget(target: TargetConfig): Sink {
  switch (target.type) {
    case 'files':
      return createFilesSink(target);
    case 's3':
      return createS3Sink({
        name: target.name,
        bucket: target.bucket,
        prefix: target.prefix,
        partitioning: target.partitioning,
        gzip: target.gzip,
        client: {
          region: target.region,
          endpoint: target.endpoint,
          forcePathStyle: target.forcePathStyle,
          checksumsWhenRequiredOnly: target.checksumsWhenRequiredOnly,
        },
        maxBufferedBytes: target.maxBufferedBytes,
        flushIntervalMs: target.flushIntervalMs,
      });
    case 'postgres':
      return createPostgresSink({
        name: target.name,
        connectionString: target.url,
        maxBufferedBytes: target.maxBufferedBytes,
        flushIntervalMs: target.flushIntervalMs,
      });
  }
}
