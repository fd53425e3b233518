// The storage stage's public surface: sinks and loaders for files, S3, PostgreSQL and Redshift.
export { storageConfigSchema, type StorageConfig } from './config.ts';
export {
  createPostgresLoader,
  LoadFailedError,
  type LoadResult,
  type PostgresLoader,
  type PostgresLoaderOptions,
} from './postgres/loader.ts';
export { LOADER_PARSING_ERROR_SCHEMA } from './loader-bad-row.ts';
export {
  openEmbeddedPostgres,
  embeddedPostgresState,
  EMBEDDED_DATABASE,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './embedded/embedded-postgres.ts';
