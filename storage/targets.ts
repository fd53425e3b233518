// Builds the sink of a configured target (storage/target-config.ts has the schemas).
import { createFilesSink } from './sinks/files-sink.ts';
import { createPostgresSink } from './sinks/postgres-sink.ts';
import { createRedshiftSink } from './sinks/redshift-sink.ts';
import { createS3Sink } from './sinks/s3-sink.ts';
import type { Sink } from './sinks/sink.ts';
import type { SchemaSource } from './postgres/shredder.ts';
import type { TargetConfig } from './target-config.ts';

export * from './target-config.ts';

/** Builds the sink of a target (not opened yet); a shredding PostgreSQL target needs `schemaSource`. */
export function createSinkForTarget(target: TargetConfig, resources: { schemaSource?: SchemaSource } = {}): Sink {
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
        shredding: target.shred ? resources.schemaSource : undefined,
        maxBufferedBytes: target.maxBufferedBytes,
        flushIntervalMs: target.flushIntervalMs,
      });
    case 'redshift':
      return createRedshiftSink(target);
  }
}
