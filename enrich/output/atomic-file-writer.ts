// A file written as `<path>.tmp`, fsynced and renamed into place on commit, so a crash leaves either no file or
// a complete one. Writes are buffered into large chunks: one write call per ~1 MB, not per line.

import { open, rename, rm, type FileHandle } from 'node:fs/promises';

const FLUSH_THRESHOLD_CHARS = 1 << 16;

export class AtomicFileWriter {
  private pending: string[] = [];
  private pendingChars = 0;
  private constructor(
    readonly path: string,
    private readonly temporaryPath: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<AtomicFileWriter> {
    const temporaryPath = `${path}.tmp`;
    const handle = await open(temporaryPath, 'w');
    return new AtomicFileWriter(path, temporaryPath, handle);
  }

  /** Queues one line (a newline is added); returns true when the buffer should be flushed. */
  writeLine(line: string): boolean {
    this.pending.push(line, '\n');
    this.pendingChars += line.length + 1;
    return this.pendingChars >= FLUSH_THRESHOLD_CHARS;
  }

  /** Writes encoded whole lines now, after anything still queued. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.byteLength - offset, null);
      offset += bytesWritten;
    }
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    await this.handle.write(chunk, null, 'utf8');
  }

  /** Flushes, fsyncs and closes the temporary file; `publish` then renames it into place. */
  async seal(): Promise<void> {
    await this.flush();
    await this.handle.sync();
    await this.handle.close();
  }

  async publish(): Promise<void> {
    await rename(this.temporaryPath, this.path);
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.temporaryPath, { force: true });
  }
}

/**
 * Creates the good and bad output files of a run, lets `fill` write them, and publishes both (each fsynced) only
 * when it succeeds; when it fails, neither is published and both temporary files are removed.
 */
export async function writeGoodAndBad<T>(
  output: { readonly goodPath: string; readonly badPath: string },
  fill: (good: AtomicFileWriter, bad: AtomicFileWriter) => Promise<T>,
): Promise<T> {
  const good = await AtomicFileWriter.create(output.goodPath);
  const bad = await AtomicFileWriter.create(output.badPath);
  try {
    const result = await fill(good, bad);
    await good.seal();
    await bad.seal();
    await good.publish();
    await bad.publish();
    return result;
  } catch (error) {
    await good.abandon();
    await bad.abandon();
    throw error;
  }
}
