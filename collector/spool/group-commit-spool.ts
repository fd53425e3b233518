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
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

interface OpenSpoolFile {
  readonly handle: FileHandle;
  readonly name: string;
  /** Bytes known to be written and fsynced. */
  durableBytes: number;
}

/**
 * An append-only spool of NDJSON lines with group commit: `append` resolves only after an fdatasync that covers
 * the line, and one fdatasync covers every line appended while the previous one was running. A file is created on
 * its first line (so no empty file is ever sealed) and sealed (fsynced, closed, renamed into the sealed directory,
 * directory fsynced) after `rotateAfterMs` or `rotateAfterBytes`.
 */
export class GroupCommitSpool {
  private file: OpenSpoolFile | null = null;
  private pendingLines: string[] = [];
  private pendingWaiters: Waiter[] = [];
  private pendingByteCount = 0;
  private loop: Promise<void> | null = null;
  private scheduled = false;
  private rotationDue = false;
  private rotationTimer: NodeJS.Timeout | null = null;
  private sequence = 0;
  private closed = false;
  private readonly now: () => number;
  private readonly syncFile: (handle: FileHandle) => Promise<void>;

  private constructor(private readonly options: GroupCommitSpoolOptions) {
    this.now = options.now ?? Date.now;
    this.syncFile = options.syncFile ?? ((handle) => handle.datasync());
  }

  static async open(options: GroupCommitSpoolOptions): Promise<GroupCommitSpool> {
    await mkdir(options.spoolDir, { recursive: true });
    await mkdir(options.sealedDir, { recursive: true });
    return new GroupCommitSpool(options);
  }

  /** Bytes not yet sealed: the open file plus lines waiting for the next write. */
  get unsealedBytes(): number {
    return (this.file?.durableBytes ?? 0) + this.pendingByteCount;
  }

  /** Resolves once the line (without its newline) is written and fsynced; rejects if it could not be made durable. */
  append(line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('spool is closed'));
    return new Promise<void>((resolve, reject) => {
      this.pendingLines.push(line + '\n');
      this.pendingWaiters.push({ resolve, reject });
      this.pendingByteCount += Buffer.byteLength(line) + 1;
      this.scheduleFlush();
    });
  }

  /** Seals the open file now if it holds records (used by rotation and by tests). */
  async sealNow(): Promise<void> {
    this.rotationDue = true;
    this.scheduleFlush();
    await this.idle();
  }

  /** Writes what is pending, seals the open file and refuses further appends. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.rotationTimer) clearTimeout(this.rotationTimer);
    await this.sealNow();
  }

  private async idle(): Promise<void> {
    while (this.loop || this.scheduled) {
      if (this.loop) await this.loop;
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // setImmediate: every request parsed in the same I/O phase joins the same write and fsync.
  private scheduleFlush(): void {
    if (this.loop || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.loop = this.runFlushLoop().finally(() => {
        this.loop = null;
        if (this.pendingLines.length > 0 || this.rotationDue) this.scheduleFlush();
      });
    });
  }

  private async runFlushLoop(): Promise<void> {
    while (this.pendingLines.length > 0 || this.rotationDue) {
      if (this.pendingLines.length > 0) await this.writePendingBatch();
      const file = this.file;
      if (file && (this.rotationDue || file.durableBytes >= this.options.rotateAfterBytes)) await this.sealOpenFile();
      this.rotationDue = false;
    }
  }

  private async writePendingBatch(): Promise<void> {
    const lines = this.pendingLines;
    const waiters = this.pendingWaiters;
    this.pendingLines = [];
    this.pendingWaiters = [];
    this.pendingByteCount = 0;
    const data = Buffer.from(lines.join(''));
    let file: OpenSpoolFile | null = null;
    try {
      file = this.file ?? (await this.openNewFile());
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await file.handle.write(data, offset, data.length - offset, file.durableBytes + offset);
        offset += bytesWritten;
      }
      await this.syncFile(file.handle);
      file.durableBytes += data.length;
    } catch (error) {
      // A failed write or fsync may leave part of the batch in the file: cut it back to the last durable byte and
      // start a new file, so that no unacknowledged record follows acknowledged ones in the same file.
      if (file) await this.abandonAfterFailure(file);
      for (const waiter of waiters) waiter.reject(error as Error);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
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
    this.file = { handle, name, durableBytes: 0 };
    this.rotationTimer = setTimeout(() => {
      this.rotationDue = true;
      this.scheduleFlush();
    }, this.options.rotateAfterMs);
    this.rotationTimer.unref();
    return this.file;
  }

  private async abandonAfterFailure(file: OpenSpoolFile): Promise<void> {
    try {
      await file.handle.truncate(file.durableBytes);
      await file.handle.datasync();
    } catch {
      // The torn tail stays; recovery at start cuts it off as a torn record.
    }
    try {
      await this.sealOpenFile();
    } catch {
      // Left in the spool directory; recovery at start seals it.
      this.file = null;
    }
  }

  private async sealOpenFile(): Promise<void> {
    const file = this.file;
    if (!file) return;
    if (this.rotationTimer) clearTimeout(this.rotationTimer);
    this.rotationTimer = null;
    this.file = null;
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
