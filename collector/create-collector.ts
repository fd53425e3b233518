import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Express } from 'express';
import { COLLECTOR_NAME } from './collector-name.ts';
import type { CollectorConfig } from './config.ts';
import { createApplication } from './http/application-routes.ts';
import { createCollectorServer } from './http/collector-server.ts';
import { createTrackingHandler, type TrackingCounters } from './http/tracking-handler.ts';
import { SealedFileShipper, type ShipperSink } from './sinks/sealed-file-shipper.ts';
import { createStdoutRawSink } from './sinks/stdout-raw-sink.ts';
import { buildCollectorSettings } from './request/collector-settings.ts';
import { GroupCommitSpool } from './spool/group-commit-spool.ts';
import { lockDataDirectory, type DataDirectoryLock } from './spool/data-directory-lock.ts';
import { HighWaterMark } from './spool/high-water-mark.ts';
import { recoverSpool } from './spool/recover-spool.ts';
import {
  badSealedDirectory,
  badSpoolDirectory,
  defaultHostId,
  listSpoolNamedFiles,
  sealedDirectory,
  spoolDirectory,
} from './spool/sealed-file-names.ts';

export interface Collector {
  /** The express application, so other stages can mount routes (e.g. /ui, /micro/*) on the same server. */
  readonly app: Express;
  /** Resolves once listening; port 0 picks a random free port. */
  listen(): Promise<{ host: string; port: number; url: string }>;
  /** Stops accepting, finishes in-flight requests (up to `shutdownDeadlineMs`), fsyncs and seals the open spool file. */
  close(): Promise<void>;
  /** Counts since start, for logs and tests. */
  readonly counters: Readonly<TrackingCounters>;
}

export interface CollectorOptions {
  readonly dataDir: string;
  /** Called with the path of each sealed raw file (including files recovered from a crashed run at start). */
  readonly onSealedFile?: (sealedPath: string) => void;
  /** Called with the path of each sealed file of collector bad rows (size violations, torn records). */
  readonly onSealedBadFile?: (sealedPath: string) => void;
  /** Operational messages (raw sink retries); default: standard error. */
  readonly log?: (message: string) => void;
}

/** Sealed raw files under `<dataDir>/raw/sealed/`, oldest first. */
export async function listSealedFiles(dataDir: string): Promise<string[]> {
  const directory = sealedDirectory(dataDir);
  return (await listSpoolNamedFiles(directory)).map((name) => path.join(directory, name));
}

function isJsonLine(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

const STDOUT_RETRY = { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 5000 };

async function remoteSinksFor(config: CollectorConfig): Promise<ShipperSink[]> {
  const sinks: ShipperSink[] = [];
  for (const sink of config.sinks) {
    // Loaded only when configured: the AWS SDK costs tens of MB of memory.
    if (sink.type === 's3') sinks.push({ sink: (await import('./sinks/s3-raw-sink.ts')).createS3RawSink(sink), retry: sink });
    else if (sink.type === 'stdout') sinks.push({ sink: createStdoutRawSink(), retry: STDOUT_RETRY });
  }
  return sinks;
}

export async function createCollector(config: CollectorConfig, options: CollectorOptions): Promise<Collector> {
  await mkdir(options.dataDir, { recursive: true });
  const lock = await lockDataDirectory(options.dataDir);
  try {
    return await buildCollector(config, options, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function buildCollector(config: CollectorConfig, options: CollectorOptions, lock: DataDirectoryLock): Promise<Collector> {
  const settings = buildCollectorSettings(config, COLLECTOR_NAME, config.hostId ?? defaultHostId());
  const { dataDir } = options;
  const onSealedFile = options.onSealedFile ?? (() => {});
  const onSealedBadFile = options.onSealedBadFile ?? (() => {});
  const log = options.log ?? ((message: string) => process.stderr.write(`[snowline collector] ${message}\n`));

  const now = Date.now();
  const recoveredBad = await recoverSpool(badSpoolDirectory(dataDir), badSealedDirectory(dataDir), now, isJsonLine);
  const recovered = await recoverSpool(spoolDirectory(dataDir), sealedDirectory(dataDir), now);

  const shipper = await SealedFileShipper.start({
    sealedDir: sealedDirectory(dataDir),
    stateDir: path.join(dataDir, 'raw', 'shipped'),
    sinks: await remoteSinksFor(config),
    keepLocal: config.sinks.some((sink) => sink.type === 'local'),
    log,
  });

  const spoolOptions = {
    hostId: settings.hostId,
    rotateAfterMs: config.rotateAfterMs,
    rotateAfterBytes: config.rotateAfterBytes,
    maxConcurrentSyncs: config.concurrentSyncs,
  };
  const spool = await GroupCommitSpool.open({
    ...spoolOptions,
    spoolDir: spoolDirectory(dataDir),
    sealedDir: sealedDirectory(dataDir),
    onSealed: (sealedPath, bytes) => {
      shipper.enqueue(sealedPath, bytes);
      onSealedFile(sealedPath);
    },
  });
  const badSpool = await GroupCommitSpool.open({
    ...spoolOptions,
    spoolDir: badSpoolDirectory(dataDir),
    sealedDir: badSealedDirectory(dataDir),
    onSealed: (sealedPath) => onSealedBadFile(sealedPath),
  });
  for (const badRow of recovered.badRows) await badSpool.append(JSON.stringify(badRow));

  const highWaterMark = new HighWaterMark(config.backpressure, dataDir, spoolDirectory(dataDir), {
    unshippedBytes: () => spool.unsealedBytes + badSpool.unsealedBytes + shipper.unshippedBytes,
  });
  await highWaterMark.start();

  const counters: TrackingCounters = { recorded: 0, sizeViolations: 0, rejectedOverloaded: 0, rejectedTooLarge: 0, failedDurableWrite: 0 };
  const noteFailure = (error: unknown) => {
    highWaterMark.noteWriteFailure((error as Error).message);
    throw error;
  };
  const handleTracking = createTrackingHandler(
    settings,
    {
      appendRecord: (line) => spool.append(line).catch(noteFailure),
      appendBadRow: (line) => badSpool.append(line).catch(noteFailure),
      overloadReason: () => highWaterMark.overloadReason(),
    },
    counters,
  );
  const app = createApplication(config, {
    sinkProblem: () => highWaterMark.overloadReason(),
  });
  const server = createCollectorServer(settings, app, handleTracking);

  for (const sealedPath of recoveredBad.sealedPaths) onSealedBadFile(sealedPath);
  for (const sealedPath of recovered.sealedPaths) onSealedFile(sealedPath);

  let closing: Promise<void> | null = null;
  return {
    app,
    counters,
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address();
          if (address === null || typeof address === 'string') {
            reject(new Error('collector: no TCP address after listen'));
            return;
          }
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ host: address.address, port: address.port, url: `http://${host}:${address.port}` });
        });
      });
    },
    close() {
      closing ??= (async () => {
        const startedMs = Date.now();
        await stopServer(server, config.shutdownDeadlineMs);
        highWaterMark.stop();
        await spool.close();
        await badSpool.close();
        await shipper.close(Math.max(0, config.shutdownDeadlineMs - (Date.now() - startedMs)));
        await lock.release();
      })();
      return closing;
    },
  };
}

/** Stops accepting, lets in-flight requests finish, and cuts whatever is still open at the deadline. */
async function stopServer(server: ReturnType<typeof createCollectorServer>, deadlineMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Keep-alive connections become idle once their answer is written; close them as they do.
  const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
  try {
    await closed;
  } finally {
    clearInterval(sweeper);
    clearTimeout(deadline);
  }
}
