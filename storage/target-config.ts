// The storage targets a user can configure (`storage.targets`): schemas only, so that reading the config file does
// not load the sinks' dependencies.
import { z } from 'zod';

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
    shred: z.boolean().default(false).describe('Also write each entity and self-describing event to atomic.<vendor>_<name>_<model>, typed from its Iglu schema (enrich.iglu registries).'),
    maxBufferedBytes,
    flushIntervalMs,
  })
  .strict();

export const redshiftTargetSchema = z
  .object({
    type: z.literal('redshift'),
    name: targetName,
    url: z.string().min(1).describe('postgres://user@cluster.region.redshift.amazonaws.com:5439/db; password from PGPASSWORD.'),
    stagingBucket: z.string().min(1).describe('Bucket where batches are staged as gzipped TSV with a manifest file before COPY.'),
    stagingPrefix: z.string().default('snowline/redshift-staging/').describe('Key prefix of staged batches (they stay for audit and retries; expire them with a lifecycle rule).'),
    iamRoleArn: z.string().optional().describe('IAM role Redshift assumes to read the staging bucket; without it COPY uses the access keys of the AWS default chain.'),
    maxErrors: z.number().int().min(0).default(10).describe('MAXERROR of the COPY: rows Redshift may reject (read back from stl_load_errors) before the batch fails.'),
    analyzeAfterLoad: z.boolean().default(false).describe('Run ANALYZE atomic.events after each load.'),
    vacuumAfterLoad: z.boolean().default(false).describe('Run VACUUM SORT ONLY atomic.events after each load.'),
    region: z.string().default('us-east-1').describe('Region of the staging bucket.'),
    endpoint: z.string().url().optional().describe('Endpoint of an S3-compatible store for staging (absent: AWS).'),
    forcePathStyle: z.boolean().default(false).describe('Path-style URLs for the staging store.'),
    checksumsWhenRequiredOnly: z.boolean().default(false).describe('Checksums only when required (S3-compatible stores).'),
    maxBufferedBytes,
    flushIntervalMs,
  })
  .strict();

export const targetSchema = z.discriminatedUnion('type', [filesTargetSchema, s3TargetSchema, postgresTargetSchema, redshiftTargetSchema]);

export type TargetConfig = z.infer<typeof targetSchema>;
export type TargetInput = z.input<typeof targetSchema>;

export type FilesTargetConfig = z.infer<typeof filesTargetSchema>;
export type S3TargetConfig = z.infer<typeof s3TargetSchema>;
export type PostgresTargetConfig = z.infer<typeof postgresTargetSchema>;
export type RedshiftTargetConfig = z.infer<typeof redshiftTargetSchema>;
