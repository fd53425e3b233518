// A durable FIFO on local disk: append-only segment files of checksummed JSON lines, one synchronous write per
// group of appends (group commit), a cursor file for what has been forwarded. An append resolves only once its
// bytes are on disk, which is when the bridge may acknowledge the device. Survives kill -9: on open, a torn last
// line is cut off and everything after the cursor is delivered again.
import { crc32 } from 'node:zlib';
import { constants, mkdirSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import { open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

export interface QueueOptions {
  readonly maxBytes: number;
  readonly segmentBytes: number;
  /** Appends wait up to this long to share one disk write with later ones (each synced write costs CPU). */
  readonly groupCommitMs?: number;
  /** Called (and awaited) before forwarded segments are deleted, with every record they held. */
  readonly beforeDeleteSegments?: () => Promise<void>;
}

interface Entry<T> {
  readonly record: T;
  readonly bytes: number;
  readonly segment: number;
  /** Offset just past this record in its segment. */
  readonly end: number;
}

interface PendingAppend {
  readonly line: Buffer;
  readonly record: unknown;
  resolve(): void;
  reject(error: unknown): void;
}

const CURSOR_BYTES = 64;
/** A group this large is written at once instead of at the end of its window: busy MQTT fleets wait for no timer. */
const FULL_GROUP_BYTES = 64 * 1024;
const SEGMENT = /^segment-(\d{12})\.log$/;
const segmentName = (index: number) => `segment-${String(index).padStart(12, '0')}.log`;

// O_DSYNC: a write returns only once its data is on disk, as write + fdatasync would, in one call instead of two
// (each a trip through libuv's thread pool).
const SYNCED_APPEND = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;
const SYNCED_OVERWRITE = constants.O_RDWR | constants.O_CREAT | constants.O_DSYNC;

function encodeLine(record: unknown): Buffer {
  const json = JSON.stringify(record);
  // crc32 of a string is the CRC of its UTF-8 bytes, which is what the line holds.
  return Buffer.from(`${crc32(json).toString(16).padStart(8, '0')} ${json}\n`);
}

/** Parses a segment's lines from `offset`; stops at the first torn or corrupt line and reports where. */
function readSegment(file: string, offset: number): { records: { record: unknown; end: number; bytes: number }[]; validEnd: number; size: number } {
  const data = readFileSync(file);
  const records: { record: unknown; end: number; bytes: number }[] = [];
  let position = offset;
  while (position < data.length) {
    const newline = data.indexOf(0x0a, position);
    if (newline < 0 || newline - position < 10) break;
    const json = data.subarray(position + 9, newline);
    if (crc32(json).toString(16).padStart(8, '0') !== data.toString('latin1', position, position + 8)) break;
    try {
      records.push({ record: JSON.parse(json.toString('utf8')), end: newline + 1, bytes: newline + 1 - position });
    } catch {
      break;
    }
    position = newline + 1;
  }
  return { records, validEnd: position, size: data.length };
}

export class DurableQueue<T> {
  /** Every record on disk at open (forwarded or not), so that callers can rebuild state such as deduplication. */
  readonly recoveredRecords: T[] = [];
  /** Bytes cut off torn or corrupt tails at open. */
  readonly repairedBytes: number = 0;

  private readonly entries: Entry<T>[] = [];
  private readonly pending: PendingAppend[] = [];
  private readonly waiters: (() => void)[] = [];
  private pendingBytes = 0;
  private handle: FileHandle | undefined;
  private cursorHandle: FileHandle | undefined;
  private segment = 0;
  /** Segment files on disk, oldest first (the last one is being appended to). */
  private segmentsOnDisk: number[] = [];
  private segmentSize = 0;
  private cursor = { segment: 0, offset: 0 };
  private flushing: Promise<void> | undefined;
  /** Bytes of the appends not yet handed to a write. */
  private groupBytes = 0;
  /** Ends the current group-commit window early (set while one is open). */
  private endWindow: (() => void) | undefined;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly options: QueueOptions,
  ) {}

  static async open<T>(dir: string, options: QueueOptions): Promise<DurableQueue<T>> {
    const queue = new DurableQueue<T>(dir, options);
    await queue.recover();
    return queue;
  }

  /** Records waiting to be forwarded. */
  get depth(): number {
    return this.entries.length;
  }

  /** Bytes of records waiting to be forwarded (the figure maxBytes bounds). */
  get bytes(): number {
    return this.pendingBytes;
  }

  private async recover(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    try {
      this.cursor = JSON.parse(readFileSync(path.join(this.dir, 'cursor.json'), 'utf8').trim()) as { segment: number; offset: number };
    } catch {
      this.cursor = { segment: 0, offset: 0 };
    }
    const segments = readdirSync(this.dir)
      .map((name) => SEGMENT.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => a - b);
    let repaired = 0;
    for (const index of segments) {
      const file = path.join(this.dir, segmentName(index));
      const { records, validEnd, size } = readSegment(file, 0);
      if (validEnd < size) {
        truncateSync(file, validEnd);
        repaired += size - validEnd;
      }
      for (const { record, end, bytes } of records) {
        this.recoveredRecords.push(record as T);
        const forwarded = index < this.cursor.segment || (index === this.cursor.segment && end <= this.cursor.offset);
        if (!forwarded) {
          this.entries.push({ record: record as T, bytes, segment: index, end });
          this.pendingBytes += bytes;
        }
      }
    }
    (this as { repairedBytes: number }).repairedBytes = repaired;
    this.cursorHandle = await open(path.join(this.dir, 'cursor.json'), SYNCED_OVERWRITE);
    // New appends always go to a fresh segment: recovered files are never written again.
    this.segment = (segments.at(-1) ?? 0) + 1;
    this.handle = await open(path.join(this.dir, segmentName(this.segment)), SYNCED_APPEND);
    this.segmentsOnDisk = [...segments, this.segment];
    this.segmentSize = 0;
  }

  /**
   * Appends a record; resolves once it is on disk, written by its group's one synced write (at the end of the
   * group-commit window, or at once when the group reaches 64 KiB). Rejects with QueueFullError when the backlog is
   * at maxBytes.
   */
  append(record: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    const line = encodeLine(record);
    if (this.pendingBytes + line.length > this.options.maxBytes) {
      return Promise.reject(new QueueFullError(`queue holds ${this.pendingBytes} bytes, limit ${this.options.maxBytes}`));
    }
    this.pendingBytes += line.length;
    this.groupBytes += line.length;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, record, resolve, reject });
      this.scheduleFlush();
      if (this.groupBytes >= FULL_GROUP_BYTES) this.endWindow?.();
    });
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    const windowMs = this.options.groupCommitMs ?? 0;
    const waited =
      windowMs > 0
        ? new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, windowMs);
            this.endWindow = () => {
              clearTimeout(timer);
              resolve();
            };
          })
        : Promise.resolve();
    this.flushing = waited.then(() => {
      this.endWindow = undefined;
      return this.flushLoop();
    }).finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0) this.scheduleFlush();
    });
  }

  // Everything appended while one synced write runs goes out in the next one: one synced write per group.
  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, this.pending.length);
      this.groupBytes = 0;
      try {
        if (this.segmentSize >= this.options.segmentBytes) await this.rotate();
        const data = group.length === 1 ? group[0]!.line : Buffer.concat(group.map((append) => append.line));
        await this.handle!.write(data);
        let end = this.segmentSize;
        for (const append of group) {
          end += append.line.length;
          this.entries.push({ record: append.record as T, bytes: append.line.length, segment: this.segment, end });
        }
        this.segmentSize = end;
        for (const append of group) append.resolve();
        for (const wake of this.waiters.splice(0)) wake();
      } catch (error) {
        for (const append of group) {
          this.pendingBytes -= append.line.length;
          append.reject(error);
        }
      }
    }
  }

  private async rotate(): Promise<void> {
    await this.handle!.close();
    this.segment++;
    this.handle = await open(path.join(this.dir, segmentName(this.segment)), SYNCED_APPEND);
    this.segmentsOnDisk.push(this.segment);
    this.segmentSize = 0;
  }

  /** The oldest records not yet forwarded, at most `maxRecords`, without removing them. */
  peek(maxRecords: number): readonly T[] {
    return this.entries.slice(0, maxRecords).map((entry) => entry.record);
  }

  /** Resolves when at least one record is waiting (at once if one is). */
  waitForRecords(): Promise<void> {
    if (this.entries.length > 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Wakes every waitForRecords() caller now (a consumer that is stopping). */
  interruptWaits(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Marks the oldest `count` records forwarded: the cursor is made durable, then emptied segments are deleted. */
  async commit(count: number): Promise<void> {
    if (count <= 0) return;
    const removed = this.entries.splice(0, count);
    const last = removed.at(-1)!;
    for (const entry of removed) this.pendingBytes -= entry.bytes;
    this.cursor = { segment: last.segment, offset: last.end };
    // Overwritten in place, one small synced write at offset 0 (within one disk sector), kept open: a commit
    // costs one write instead of open, write, fsync, close and rename. A cursor that cannot be read at start
    // means delivery from the oldest segment again (at least once; event ids make copies detectable).
    await this.cursorHandle!.write(JSON.stringify(this.cursor).padEnd(CURSOR_BYTES, ' '), 0);
    const oldestNeeded = this.entries[0]?.segment ?? this.segment;
    const deletable = this.segmentsOnDisk.filter((index) => index < oldestNeeded && index < this.segment);
    if (deletable.length > 0) {
      await this.options.beforeDeleteSegments?.();
      await Promise.all(deletable.map((index) => rm(path.join(this.dir, segmentName(index)), { force: true })));
      this.segmentsOnDisk = this.segmentsOnDisk.filter((index) => !deletable.includes(index));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing) await this.flushing;
    for (const wake of this.waiters.splice(0)) wake();
    await this.handle?.close();
    await this.cursorHandle?.close();
  }
}

/** Writes a small JSON state file atomically (temp file, fsync, rename). */
export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.tmp`;
  await writeFile(temporary, JSON.stringify(value));
  const handle = await open(temporary, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}
