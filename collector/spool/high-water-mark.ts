import { access, constants, statfs } from 'node:fs/promises';
import type { CollectorConfig } from '../config.ts';

export interface HighWaterMarkSources {
  /** Bytes in the spool not yet sealed, and sealed bytes not yet shipped by every remote sink. */
  unshippedBytes(): number;
}

/**
 * Decides whether the collector may accept more events: not when unshipped bytes exceed the high-water mark or
 * when the data disk is nearly full. Free space is measured on a timer (a statfs per request would cost more than
 * the request), the byte count on every call. Service resumes by itself once both are back under their marks.
 */
export class HighWaterMark {
  private freeDiskBytes = Number.POSITIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private lastWriteFailure: string | null = null;

  constructor(
    private readonly config: CollectorConfig['backpressure'],
    private readonly dataDir: string,
    private readonly spoolDir: string,
    private readonly sources: HighWaterMarkSources,
  ) {}

  async start(): Promise<void> {
    await this.measureFreeDisk();
    this.timer = setInterval(() => void this.measureFreeDisk(), this.config.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A failed spool write makes the collector refuse events until the next successful free-space check. */
  noteWriteFailure(message: string): void {
    this.lastWriteFailure = message;
  }

  overloadReason(): string | null {
    const unshipped = this.sources.unshippedBytes();
    if (unshipped > this.config.maxUnshippedBytes) return `${unshipped} unshipped raw bytes, above the high-water mark of ${this.config.maxUnshippedBytes}`;
    if (this.freeDiskBytes < this.config.minFreeDiskBytes) return `${this.freeDiskBytes} bytes free on the data disk, below ${this.config.minFreeDiskBytes}`;
    if (this.lastWriteFailure !== null) return `spool write failed: ${this.lastWriteFailure}`;
    return null;
  }

  async measureFreeDisk(): Promise<void> {
    try {
      const stats = await statfs(this.dataDir);
      this.freeDiskBytes = stats.bavail * stats.bsize;
      // Writable: a read-only remount after a disk error shows up here before a request fails on it.
      await access(this.spoolDir, constants.W_OK);
      this.lastWriteFailure = null;
    } catch (error) {
      this.lastWriteFailure = `data directory not usable: ${(error as Error).message}`;
    }
  }
}
