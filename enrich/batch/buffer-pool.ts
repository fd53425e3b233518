// Byte buffers that circulate between the batch main thread and its workers instead of being allocated per chunk.
// A transferred ArrayBuffer that is simply dropped lives until its thread's next garbage collection, and the
// main thread allocates so little that those collections are rare: dead chunk buffers would pile up to V8's
// external-memory limit. Handing each buffer back keeps the bytes in flight at a fixed, small amount.

export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  constructor(private readonly maxBuffers: number) {}

  /** A buffer of at least `minBytes`: the smallest pooled one that is large enough, else a new one. */
  take(minBytes: number): ArrayBuffer {
    let best = -1;
    for (let index = 0; index < this.free.length; index++) {
      const size = this.free[index]!.byteLength;
      if (size >= minBytes && (best === -1 || size < this.free[best]!.byteLength)) best = index;
    }
    if (best === -1) return new ArrayBuffer(minBytes);
    return this.free.splice(best, 1)[0]!;
  }

  /** Returns a buffer for reuse; beyond the pool's size the smallest is let go. Detached buffers are ignored. */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0) return;
    this.free.push(buffer);
    if (this.free.length > this.maxBuffers) {
      let smallest = 0;
      for (let index = 1; index < this.free.length; index++) if (this.free[index]!.byteLength < this.free[smallest]!.byteLength) smallest = index;
      this.free.splice(smallest, 1);
    }
  }

  /** Takes every pooled buffer out (to transfer them to another thread). */
  drain(): ArrayBuffer[] {
    return this.free.splice(0, this.free.length);
  }
}
