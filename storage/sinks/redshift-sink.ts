// Redshift sink: each batch is staged in S3 and loaded with COPY ... MANIFEST in one transaction with its manifest
// row (storage/redshift/redshift-loader.ts). Bad rows are staged beside the batch as NDJSON, since Redshift holds
// only good events.
import { createRedshiftLoader, type RedshiftLoader } from '../redshift/redshift-loader.ts';
import { isTransientS3Error } from '../s3/client.ts';
import type { RedshiftTargetConfig } from '../target-config.ts';
import { createBufferedSink, DEFAULT_RETRY_POLICY, type SinkDestination } from './buffered-sink.ts';
import { isTransientPostgresError } from './postgres-sink.ts';
import type { Sink, SinkBatch } from './sink.ts';

export function createRedshiftDestination(target: RedshiftTargetConfig): SinkDestination {
  let loader: RedshiftLoader | undefined;
  const getLoader = () =>
    (loader ??= createRedshiftLoader({
      connectionString: target.url,
      s3: { region: target.region, endpoint: target.endpoint, forcePathStyle: target.forcePathStyle, checksumsWhenRequiredOnly: target.checksumsWhenRequiredOnly },
      stagingBucket: target.stagingBucket,
      stagingPrefix: target.stagingPrefix,
      authorization: target.iamRoleArn
        ? { iamRoleArn: target.iamRoleArn }
        : { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '', sessionToken: process.env.AWS_SESSION_TOKEN },
      maxErrors: target.maxErrors,
      analyzeAfterLoad: target.analyzeAfterLoad,
      vacuumAfterLoad: target.vacuumAfterLoad,
    }));
  return {
    name: target.name,
    healthCheck: () => getLoader().healthCheck(),
    prepare: () => getLoader().ensureSchema(),
    async store(batches: readonly SinkBatch[]) {
      let alreadyStored = 0;
      for (const batch of batches) {
        if (batch.bad.length > 0) await getLoader().stageBadRows(batch.batchId, batch.bad);
        const result = await getLoader().loadBatch(batch.batchId, batch.good);
        if (!result.loaded) alreadyStored++;
      }
      return { alreadyStored };
    },
    isTransient: (error) => isTransientPostgresError(error) || isTransientS3Error(error),
    async release() {
      await loader?.close();
      loader = undefined;
    },
  };
}

export function createRedshiftSink(target: RedshiftTargetConfig): Sink {
  return createBufferedSink(createRedshiftDestination(target), {
    maxBufferedBytes: target.maxBufferedBytes,
    flushIntervalMs: target.flushIntervalMs,
    retry: DEFAULT_RETRY_POLICY,
  });
}
