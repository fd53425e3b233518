// s3rver (a local S3-compatible server) for tests, on 127.0.0.1, stoppable and restartable on the same port and data
// directory so that tests can take the server away and bring it back.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

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

/** s3rver accepts this key pair. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface LocalS3 {
  readonly endpoint: string;
  readonly port: number;
  /** Client settings s3rver needs (see TOOLCHAIN.md). */
  readonly clientOptions: {
    region: string;
    endpoint: string;
    forcePathStyle: true;
    checksumsWhenRequiredOnly: true;
    credentials: typeof S3RVER_CREDENTIALS;
  };
  /** Stops the server, keeping its data. */
  pause(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts s3rver with the given buckets, on `port` or a free one. */
export async function startLocalS3(buckets: readonly string[], port?: number): Promise<LocalS3> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'sls3-'));
  port ??= await freePort();
  let server: S3rverInstance | undefined;
  const start = async () => {
    server = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: buckets.map((name) => ({ name, configs: [] })) });
    await server.run();
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    clientOptions: { region: 'us-east-1', endpoint, forcePathStyle: true, checksumsWhenRequiredOnly: true, credentials: S3RVER_CREDENTIALS },
    async pause() {
      await server?.close();
      server = undefined;
    },
    resume: start,
    async stop() {
      await server?.close();
      server = undefined;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Credentials s3rver accepts, set for the AWS SDK's default provider chain (for code that builds its own client). */
export function useS3rverCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
}
