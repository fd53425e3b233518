// PostgreSQL sink: each batch is one loader transaction (COPY of its good lines, its bad rows, its manifest row),
// so a batch is stored once however often it is delivered.
import { Readable } from 'node:stream';
import { createPostgresLoader, type PostgresLoader } from '../postgres/loader.ts';
import type { SchemaSource } from '../postgres/shredder.ts';
import { createBufferedSink, DEFAULT_RETRY_POLICY, type SinkDestination } from './buffered-sink.ts';
import type { Sink, SinkBatch } from './sink.ts';

export interface PostgresSinkOptions {
  readonly name: string;
  readonly connectionString: string;
  /** Shred entities into per-schema tables typed from these schemas. */
  readonly shredding?: SchemaSource;
  readonly maxBufferedBytes: number;
  readonly flushIntervalMs: number;
}

// Connection failures (class 08), the server shutting down or killing the backend (57P01-57P03), too many
// connections (53300), serialization failures and deadlocks (40001, 40P01): a later attempt may succeed.
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

export function isTransientPostgresError(error: unknown): boolean {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_NETWORK_CODES.has(code))) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && /Connection terminated|terminating connection/i.test(message)) return true;
  }
  return false;
}

export function createPostgresDestination(options: PostgresSinkOptions): SinkDestination {
  let loader: PostgresLoader | undefined;
  const getLoader = async () => (loader ??= await createPostgresLoader({ connectionString: options.connectionString, shredding: options.shredding }));
  return {
    name: options.name,
    async healthCheck() {
      const probe = await createPostgresLoader({ connectionString: options.connectionString, maxConnections: 1 });
      try {
        await probe.ping();
      } finally {
        await probe.close();
      }
    },
    async prepare() {
      await (await getLoader()).ensureSchema();
    },
    async store(batches: readonly SinkBatch[]) {
      const current = await getLoader();
      let alreadyStored = 0;
      for (const batch of batches) {
        const text = batch.good.map((line) => line + '\n').join('');
        const result = await current.loadEnrichedStream(() => Readable.from([text]), batch.batchId, batch.bad);
        if (!result.loaded) alreadyStored++;
      }
      return { alreadyStored };
    },
    isTransient: isTransientPostgresError,
    async release() {
      await loader?.close();
      loader = undefined;
    },
  };
}

export function createPostgresSink(options: PostgresSinkOptions): Sink {
  return createBufferedSink(createPostgresDestination(options), {
    maxBufferedBytes: options.maxBufferedBytes,
    flushIntervalMs: options.flushIntervalMs,
    retry: DEFAULT_RETRY_POLICY,
  });
}
