import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

// s3rver ships no types; this is the part of its API the tests use (kept local, no global module declaration).
interface S3rverInstance {
  run(): Promise<unknown>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

export interface TemporaryS3 {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** s3rver (a local S3-compatible server) on 127.0.0.1 with the given buckets; its keys are S3RVER/S3RVER. */
export async function startTemporaryS3(port: number, buckets: readonly string[]): Promise<TemporaryS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'snowline-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Credentials s3rver accepts, set for the AWS SDK's default provider chain. */
export function useS3rverCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
}
