// Lines encoded as UTF-8 straight into one growing buffer with its own ArrayBuffer, so a worker can hand the
// result to the main thread in a transfer list (no copy, no string crossing threads).

import type { BufferPool } from './buffer-pool.ts';

const NEWLINE = 0x0a;

export class ByteSink {
  private buffer: Buffer;
  private length = 0;

  constructor(
    initialBytes: number,
    private readonly buffers: BufferPool,
  ) {
    const initial = buffers.take(initialBytes);
    this.buffer = Buffer.from(initial, 0, initial.byteLength);
  }

  /** Appends `line` as UTF-8 and a newline. */
  writeLine(line: string): void {
    // A UTF-16 code unit never takes more than three UTF-8 bytes: reserving that much avoids measuring first.
    const worstCase = this.length + line.length * 3 + 1;
    if (worstCase > this.buffer.length) this.grow(worstCase);
    this.length += this.buffer.write(line, this.length, 'utf8');
    this.buffer[this.length++] = NEWLINE;
  }

  private grow(atLeast: number): void {
    const larger = this.buffers.take(Math.max(atLeast, this.buffer.length * 2));
    const view = Buffer.from(larger, 0, larger.byteLength);
    this.buffer.copy(view, 0, 0, this.length);
    this.buffers.give(this.buffer.buffer as ArrayBuffer);
    this.buffer = view;
  }

  /** The bytes written; the sink must not be used afterwards (the buffer may be transferred). */
  take(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length);
  }
}
