import { appendFile, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from '../spool/directory-sync.ts';
import { listSpoolNamedFiles } from '../spool/sealed-file-names.ts';
import { backoffDelayMs, type RawFileSink, type RetryPolicy } from './raw-file-sink.ts';

export interface ShipperSink {
  readonly sink: RawFileSink;
  readonly retry: RetryPolicy;
}

export interface SealedFileShipperOptions {
  readonly sealedDir: string;
  /** Where each sink's list of shipped files lives (one `<sink id>.log` per sink). */
  readonly stateDir: string;
  readonly sinks: readonly ShipperSink[];
  /** Keep sealed files after shipping (a `local` sink is configured); otherwise delete once every sink has them. */
  readonly keepLocal: boolean;
  readonly log: (message: string) => void;
}

interface QueuedFile {
  readonly sealedPath: string;
  readonly bytes: number;
}

/**
 * Hands sealed raw files, oldest first, to every remote sink, retrying with backoff until each confirms. A file's
 * shipment is remembered (fsynced) per sink, so a restart re-ships only what was not confirmed; a local copy is
 * deleted only after every sink confirmed it. Unshipped bytes feed the collector's high-water mark.
 */
export class SealedFileShipper {
  private readonly queue: QueuedFile[] = [];
  private readonly shipped = new Map<string, Set<string>>();
  private queuedBytes = 0;
  private closing = false;
  private wake: (() => void) | null = null;
  private wakeOnEnqueue: (() => void) | null = null;
  private worker: Promise<void> | null = null;

  private constructor(private readonly options: SealedFileShipperOptions) {}

  static async start(options: SealedFileShipperOptions): Promise<SealedFileShipper> {
    const shipper = new SealedFileShipper(options);
    if (options.sinks.length === 0) return shipper;
    await mkdir(options.stateDir, { recursive: true });
    const present = new Set(await listSpoolNamedFiles(options.sealedDir));
    for (const { sink } of options.sinks) {
      const names = await shipper.readShippedLog(sink.id);
      // Compact: forget files that no longer exist locally.
      const kept = names.filter((name) => present.has(name));
      if (kept.length !== names.length) await writeFile(shipper.logPath(sink.id), kept.map((name) => `${name}\n`).join(''));
      shipper.shipped.set(sink.id, new Set(kept));
    }
    for (const name of present) {
      const sealedPath = path.join(options.sealedDir, name);
      if (shipper.pendingSinks(sealedPath).length > 0) shipper.enqueue(sealedPath, (await stat(sealedPath)).size);
      else if (!options.keepLocal) await rm(sealedPath, { force: true });
    }
    shipper.worker = shipper.run();
    return shipper;
  }

  get unshippedBytes(): number {
    return this.queuedBytes;
  }

  get active(): boolean {
    return this.options.sinks.length > 0;
  }

  enqueue(sealedPath: string, bytes: number): void {
    if (!this.active) return;
    this.queue.push({ sealedPath, bytes });
    this.queuedBytes += bytes;
    this.wakeOnEnqueue?.();
  }

  /** Ships what is queued until the deadline, then stops; the rest is shipped by the next start. */
  async close(deadlineMs: number): Promise<void> {
    if (!this.worker) return;
    const drained = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (this.queue.length === 0) {
          clearInterval(check);
          resolve();
        }
      }, 20);
      setTimeout(() => {
        clearInterval(check);
        resolve();
      }, deadlineMs).unref();
    });
    await drained;
    this.closing = true;
    this.wake?.();
    await this.worker;
    for (const { sink } of this.options.sinks) await sink.close();
  }

  private logPath(sinkId: string): string {
    return path.join(this.options.stateDir, `${sinkId}.log`);
  }

  private async readShippedLog(sinkId: string): Promise<string[]> {
    try {
      return (await readFile(this.logPath(sinkId), 'utf8')).split('\n').filter((line) => line.length > 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private pendingSinks(sealedPath: string): ShipperSink[] {
    const name = path.basename(sealedPath);
    return this.options.sinks.filter(({ sink }) => !this.shipped.get(sink.id)?.has(name));
  }

  /** Waits; close always cuts it short, a newly queued file only when the worker is idle (not backing off). */
  private async sleep(ms: number, wakeOnEnqueue: boolean): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.wake = wake;
      this.wakeOnEnqueue = wakeOnEnqueue ? wake : null;
    });
    this.wake = null;
    this.wakeOnEnqueue = null;
  }

  private async run(): Promise<void> {
    while (!this.closing) {
      const next = this.queue[0];
      if (!next) {
        await this.sleep(60_000, true);
        continue;
      }
      const done = await this.shipToEverySink(next.sealedPath);
      if (!done) continue;
      this.queue.shift();
      this.queuedBytes -= next.bytes;
      if (!this.options.keepLocal) {
        await rm(next.sealedPath, { force: true });
        await syncDirectory(this.options.sealedDir);
      }
    }
  }

  /** False when a sink still failed after its attempts (or on close): the file stays first in the queue. */
  private async shipToEverySink(sealedPath: string): Promise<boolean> {
    const name = path.basename(sealedPath);
    for (const { sink, retry } of this.pendingSinks(sealedPath)) {
      let attempt = 0;
      for (;;) {
        if (this.closing) return false;
        attempt++;
        try {
          await sink.ship(sealedPath);
          break;
        } catch (error) {
          const delay = backoffDelayMs(retry, Math.min(attempt, retry.maxAttempts));
          this.options.log(`raw sink ${sink.id}: shipping ${name} failed (attempt ${attempt}): ${(error as Error).message}; retrying in ${delay} ms`);
          await this.sleep(attempt >= retry.maxAttempts ? retry.maxBackoffMs : delay, false);
          if (attempt >= retry.maxAttempts) attempt = 0;
        }
      }
      await this.rememberShipped(sink.id, name);
    }
    return true;
  }

  private async rememberShipped(sinkId: string, name: string): Promise<void> {
    const logPath = this.logPath(sinkId);
    await appendFile(logPath, `${name}\n`);
    const handle = await open(logPath, 'r+');
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.shipped.get(sinkId)?.add(name) ?? this.shipped.set(sinkId, new Set([name]));
  }
}
