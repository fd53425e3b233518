import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from './directory-sync.ts';
import { spoolFileName } from './sealed-file-names.ts';

export interface GroupCommitSpoolOptions {
  readonly spoolDir: string;
  readonly sealedDir: string;
  readonly hostId: string;
  readonly rotateAfterMs: number;
  readonly rotateAfterBytes: number;
  /** Called once a sealed file is durable under its final name. */
  readonly onSealed: (sealedPath: string, bytes: number) => void;
  readonly now?: () => number;
  /** Makes written bytes durable; fdatasync unless a test injects a slow or failing disk. */
  readonly syncFile?: (handle: FileHandle) => Promise<void>;
  /** How many fsyncs may run at once (each covering the batches written before it); 1 = strictly one after another. */
  readonly maxConcurrentSyncs?: number;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

interface OpenSpoolFile {
  readonly handle: FileHandle;
  readonly name: string;
  /** Bytes written (in order, no gaps), fsynced or not. */
  writtenBytes: number;
  /** Bytes known to be written and fsynced, i.e. acknowledged. */
  durableBytes: number;
}

/** A written batch whose fsync is running; acknowledged strictly in write order. */
interface SyncingBatch {
  readonly waiters: Waiter[];
  readonly endOffset: number;
  readonly synced: Promise<void>;
  outcome: 'pending' | 'synced' | Error;
}

/**
 * An append-only spool of NDJSON lines with group commit: `append` resolves only after an fdatasync that covers
 * the line. Lines appended while a batch is being written form the next batch. Batches are written one after
 * another (so the file never has gaps), but up to `maxConcurrentSyncs` fsyncs may run at once: the kernel
 * completes overlapping fdatasyncs together, which on a virtual disk multiplies the batches made durable per
 * second. A batch is acknowledged only when its own fsync and every earlier batch's are done.
 *
 * A file is created on its first line (so no empty file is ever sealed) and sealed (fsynced, closed, renamed into
 * the sealed directory, directory fsynced) after `rotateAfterMs` or `rotateAfterBytes`, between batches.
 */
export class GroupCommitSpool {
  private file: OpenSpoolFile | null = null;
  private pendingLines: string[] = [];
  private pendingWaiters: Waiter[] = [];
  private pendingByteCount = 0;
  private readonly syncing: SyncingBatch[] = [];
  /** A write, a seal or failure handling is running: nothing else may touch the file. */
  private busy = false;
  private scheduled = false;
  private rotationDue = false;
  private rotationTimer: NodeJS.Timeout | null = null;
  private rotationTimerFile: OpenSpoolFile | null = null;
  private sequence = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  /** Files being sealed while writing goes on in the next file. */
  private readonly backgroundSeals = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly syncFile: (handle: FileHandle) => Promise<void>;
  private readonly maxConcurrentSyncs: number;

  private constructor(private readonly options: GroupCommitSpoolOptions) {
    this.now = options.now ?? Date.now;
    this.syncFile = options.syncFile ?? ((handle) => handle.datasync());
    this.maxConcurrentSyncs = Math.max(1, options.maxConcurrentSyncs ?? 4);
  }

  static async open(options: GroupCommitSpoolOptions): Promise<GroupCommitSpool> {
    await mkdir(options.spoolDir, { recursive: true });
    await mkdir(options.sealedDir, { recursive: true });
    return new GroupCommitSpool(options);
  }

  /** Bytes not yet sealed: the open file plus lines waiting for the next write. */
  get unsealedBytes(): number {
    return (this.file?.writtenBytes ?? 0) + this.pendingByteCount;
  }

  /** Resolves once the line (without its newline) is written and fsynced; rejects if it could not be made durable. */
  append(line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('spool is closed'));
    return new Promise<void>((resolve, reject) => {
      this.pendingLines.push(line + '\n');
      this.pendingWaiters.push({ resolve, reject });
      this.pendingByteCount += Buffer.byteLength(line) + 1;
      this.schedulePump();
    });
  }

  /** Seals the open file as soon as what is written is durable (used by rotation, close and tests). */
  async sealNow(): Promise<void> {
    this.rotationDue = true;
    this.schedulePump();
    await this.idle();
  }

  /** Writes what is pending, seals the open file and refuses further appends. */
  async close(): Promise<void> {
    this.closed = true;
    await this.sealNow();
    if (this.rotationTimer) clearTimeout(this.rotationTimer);
  }

  private isIdle(): boolean {
    return (
      !this.busy &&
      !this.scheduled &&
      this.syncing.length === 0 &&
      this.pendingLines.length === 0 &&
      !this.rotationDue &&
      this.backgroundSeals.size === 0
    );
  }

  private idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // setImmediate: every request parsed in the same I/O phase joins the same batch.
  private schedulePump(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /**
   * Acknowledges finished batches in write order, then starts the next step if the file is free: failure
   * handling, a seal when due and quiet, or the next batch's write.
   */
  private pump(): void {
    while (this.syncing.length > 0 && this.syncing[0]!.outcome === 'synced') {
      const batch = this.syncing.shift()!;
      if (this.file) this.file.durableBytes = batch.endOffset;
      for (const waiter of batch.waiters) waiter.resolve();
    }
    if (this.busy) return;
    if (this.syncing.some((batch) => batch.outcome instanceof Error)) {
      // Handled once every earlier batch is acknowledged; no new write starts meanwhile.
      if (this.syncing[0]!.outcome instanceof Error) this.failSyncingBatches();
      return;
    }
    const file = this.file;
    const sealWanted = this.rotationDue || (file !== null && file.writtenBytes >= this.options.rotateAfterBytes);
    if (sealWanted) {
      // Sealing waits for the running fsyncs; new lines wait meanwhile (one short pause per rotation).
      if (this.syncing.length > 0) return;
      this.rotationDue = false;
      if (file !== null) this.sealInBackground(file);
    }
    if (this.pendingLines.length === 0) {
      if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    if (this.syncing.length >= this.maxConcurrentSyncs) return;
    this.runExclusive(() => this.writeNextBatch());
  }

  /** The first unacknowledged batch failed: it and every later batch fail, and the file is cut back and sealed. */
  private failSyncingBatches(): void {
    const failed = this.syncing.splice(0);
    const error = failed[0]!.outcome as Error;
    this.runExclusive(async () => {
      await Promise.all(failed.map((batch) => batch.synced));
      await this.recoverFromFailure(
        this.file,
        failed.flatMap((batch) => batch.waiters),
        error,
      );
    });
  }

  /**
   * Everything in the file is acknowledged: the next batch goes to a new file at once, and this one is closed,
   * renamed and announced meanwhile, so rotation does not pause the answers.
   */
  private sealInBackground(file: OpenSpoolFile): void {
    this.file = null;
    const sealing: Promise<void> = this.sealFile(file)
      .catch((error: unknown) => process.emitWarning(`spool: sealing ${file.name} failed, recovery at the next start seals it: ${(error as Error).message}`))
      .finally(() => {
        this.backgroundSeals.delete(sealing);
        this.pump();
      });
    this.backgroundSeals.add(sealing);
  }

  private runExclusive(step: () => Promise<void>): void {
    this.busy = true;
    step()
      .catch((error: unknown) => process.emitWarning(`spool: unexpected error: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }

  private async writeNextBatch(): Promise<void> {
    const lines = this.pendingLines;
    const waiters = this.pendingWaiters;
    this.pendingLines = [];
    this.pendingWaiters = [];
    this.pendingByteCount = 0;
    const data = Buffer.from(lines.join(''));
    let file: OpenSpoolFile | null = this.file;
    try {
      file ??= await this.openNewFile();
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await file.handle.write(data, offset, data.length - offset, file.writtenBytes + offset);
        offset += bytesWritten;
      }
    } catch (error) {
      if (!file) {
        for (const waiter of waiters) waiter.reject(error as Error);
        return;
      }
      // Failed in order, after the batches still syncing are acknowledged (see pump).
      this.syncing.push({ waiters, endOffset: file.writtenBytes, outcome: error as Error, synced: Promise.resolve() });
      return;
    }
    file.writtenBytes += data.length;
    const batch: SyncingBatch = {
      waiters,
      endOffset: file.writtenBytes,
      outcome: 'pending',
      synced: this.syncFile(file.handle).then(
        () => void (batch.outcome = 'synced'),
        (error: unknown) => void (batch.outcome = error as Error),
      ),
    };
    this.syncing.push(batch);
    void batch.synced.then(() => this.pump());
  }

  /**
   * A failed write or fsync may leave unacknowledged bytes in the file: cut it back to the last acknowledged
   * byte and seal it, so that no unacknowledged record sits before acknowledged ones in any file.
   */
  private async recoverFromFailure(file: OpenSpoolFile | null, waiters: Waiter[], error: Error): Promise<void> {
    for (const waiter of waiters) waiter.reject(error);
    if (!file) return;
    try {
      await file.handle.truncate(file.durableBytes);
      await file.handle.datasync();
      file.writtenBytes = file.durableBytes;
    } catch {
      // The unacknowledged tail stays; recovery at start sets it aside as a torn record.
    }
    this.file = null;
    try {
      await this.sealFile(file);
    } catch {
      // Left in the spool directory; recovery at start seals it.
    }
  }

  private async openNewFile(): Promise<OpenSpoolFile> {
    const name = spoolFileName(this.now(), this.options.hostId, this.sequence++);
    const handle = await open(path.join(this.options.spoolDir, name), 'wx');
    try {
      await syncDirectory(this.options.spoolDir);
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.file = { handle, name, writtenBytes: 0, durableBytes: 0 };
    if (this.rotationTimer) clearTimeout(this.rotationTimer);
    this.rotationTimerFile = this.file;
    this.rotationTimer = setTimeout(() => {
      this.rotationDue = true;
      this.schedulePump();
    }, this.options.rotateAfterMs);
    this.rotationTimer.unref();
    return this.file;
  }

  private async sealFile(file: OpenSpoolFile): Promise<void> {
    if (this.rotationTimerFile === file && this.rotationTimer) clearTimeout(this.rotationTimer);
    await file.handle.close();
    const spoolPath = path.join(this.options.spoolDir, file.name);
    if (file.durableBytes === 0) {
      await rm(spoolPath, { force: true });
      return;
    }
    const sealedPath = path.join(this.options.sealedDir, file.name);
    await rename(spoolPath, sealedPath);
    await syncDirectory(this.options.sealedDir);
    await syncDirectory(this.options.spoolDir);
    this.options.onSealed(sealedPath, file.durableBytes);
  }
}
