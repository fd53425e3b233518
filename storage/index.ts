// The storage stage's public surface: the sink contract and its sinks (files, S3, PostgreSQL), the PostgreSQL
// loader, the Redshift load SQL, and the storage section of the config.
export { storageConfigSchema, type StorageConfig } from './config.ts';
export {
  createPostgresLoader,
  LoadFailedError,
  type LoadResult,
  type PostgresLoader,
  type PostgresLoaderOptions,
} from './postgres/loader.ts';
export { LOADER_PARSING_ERROR_SCHEMA } from './loader-bad-row.ts';
export { schemaSourceFromResolver, shreddedTableName, type SchemaSource } from './postgres/shredder.ts';
export { createClaimStore, type ClaimStore } from './scale-out/claims.ts';
export { runEnrichWorker, enrichedKeysFor, type EnrichWorkerOptions } from './scale-out/enrich-worker.ts';
export { createRedshiftLoader, RedshiftLoadFailedError, type RedshiftLoader, type RedshiftLoaderOptions } from './redshift/redshift-loader.ts';
export { redshiftAtomicEventsDdl, redshiftCopyStatement, redshiftManifestFile } from './redshift/redshift-sql.ts';
export { SinkUnavailableError, SinkWriteError, type Sink, type SinkBatch, type SinkStats } from './sinks/sink.ts';
export { createFilesSink, type FilesSinkOptions } from './sinks/files-sink.ts';
export { createS3Sink, s3BatchKeys, type S3SinkOptions } from './sinks/s3-sink.ts';
export { createPostgresSink, type PostgresSinkOptions } from './sinks/postgres-sink.ts';
export { createSinkForTarget, targetSchema, type TargetConfig, type TargetInput } from './targets.ts';
export { createS3Client, parseS3Url, type S3ClientOptions } from './s3/client.ts';
export { uploadWhenWhole } from './s3/upload-when-whole.ts';
export {
  openEmbeddedPostgres,
  embeddedPostgresState,
  EMBEDDED_DATABASE,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './embedded/embedded-postgres.ts';
export { listEnrichedSource, loadEnrichedSource, type EnrichedSourceFile, type LoadDestination, type LoadProgress } from './load-source.ts';
