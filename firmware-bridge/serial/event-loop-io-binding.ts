// serialport's Unix binding does its reads and writes in libuv's thread pool: per chunk of input one fs.read that
// returns the bytes, then another that fails with EAGAIN (an Error with a stack) before it waits on the fd's
// poller; per write one more trip through the pool. On a serial line that brings a frame or two per read, that
// and the wake-up per chunk cost more CPU than everything else the bridge does with a frame (docs/bridge.md,
// "Measured"). This wrapper keeps the binding (open, termios, close, drain, disconnect handling) and does the I/O on
// the event loop: read(2) and write(2) on the fd, which the binding opened non-blocking, so neither can block. Reads
// are paced: after a read, the next one waits until readIntervalMs have passed and takes everything that arrived
// meanwhile, so a busy line costs one wake-up per interval instead of one per chunk the driver delivers. A write
// the kernel cannot take at once goes on through the binding's own write.
import { readSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

interface Poller {
  once(event: 'readable', callback: (error: Error | null) => void): unknown;
}

/** The part of a serialport binding port used here (the Unix binding's fd and poller are public fields). */
interface BindingPort {
  readonly isOpen: boolean;
  readonly fd?: number | null;
  readonly poller?: Poller;
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
}

interface Binding {
  open(options: never): Promise<BindingPort>;
}

// Errors that mean "try again later". Any other error is thrown as it is: serialport's stream closes the port on
// every read or write error not marked `canceled` (an unplugged device: EIO, ENXIO, EBADF).
const RETRY = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

function notOpen(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

function waitReadable(poller: Poller): Promise<void> {
  return new Promise((resolve, reject) => poller.once('readable', (error) => (error ? reject(error) : resolve())));
}

/** Bytes the kernel may hold for a paced reader: a quarter of Linux's 4 KiB tty buffer, whatever the baud rate. */
const MAX_BUFFERED_BYTES = 1024;

/** The read interval for a line: `requestedMs`, but short enough that at most MAX_BUFFERED_BYTES arrive meanwhile. */
export function pacedReadIntervalMs(requestedMs: number, baudRate: number): number {
  const bytesPerSecond = baudRate / 10; // 8N1: ten bit times per byte
  return Math.max(0, Math.min(requestedMs, Math.floor((MAX_BUFFERED_BYTES / bytesPerSecond) * 1000)));
}

class PacedReader {
  private lastReadAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly port: BindingPort,
    private readonly poller: Poller,
    private readonly intervalMs: number,
  ) {}

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    const waitMs = this.lastReadAtMs + this.intervalMs - performance.now();
    if (waitMs > 0) await sleep(waitMs);
    for (;;) {
      if (!this.port.isOpen || typeof this.port.fd !== 'number') throw notOpen();
      try {
        const bytesRead = readSync(this.port.fd, buffer, offset, length, null);
        if (bytesRead > 0) {
          // A read that filled the buffer may have left bytes behind: the next one then goes at once.
          this.lastReadAtMs = bytesRead < length ? performance.now() : Number.NEGATIVE_INFINITY;
          return { buffer, bytesRead };
        }
      } catch (error) {
        if (!RETRY.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      }
      await waitReadable(this.poller);
    }
  }
}

async function writeNow(port: BindingPort, bindingWrite: (buffer: Buffer) => Promise<void>, buffer: Buffer): Promise<void> {
  if (!port.isOpen || typeof port.fd !== 'number') throw new Error('Port is not open');
  let written = 0;
  try {
    while (written < buffer.length) written += writeSync(port.fd, buffer, written, buffer.length - written);
    return;
  } catch (error) {
    if (!RETRY.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  // The kernel's output buffer is full: the binding waits for the poller to report the fd writable.
  await bindingWrite(buffer.subarray(written));
}

export interface EventLoopIoOptions {
  /** Pace reads to at most one per this many ms (capped by pacedReadIntervalMs for the port's baud rate). */
  readonly readIntervalMs: number;
}

/** `binding` with event-loop reads and writes for ports that have an fd and a poller (the Unix bindings). */
export function withEventLoopIo<B extends Binding>(binding: B, options: EventLoopIoOptions): B {
  return {
    ...binding,
    async open(openOptions: never) {
      const port = await binding.open(openOptions);
      const poller = port.poller;
      if (typeof port.fd !== 'number' || !poller) return port;
      const baudRate = (openOptions as { baudRate?: number }).baudRate ?? 9600;
      const reader = new PacedReader(port, poller, pacedReadIntervalMs(options.readIntervalMs, baudRate));
      const bindingWrite = port.write.bind(port);
      // Own properties over the binding's prototype methods. serialport's stream has at most one read and one write
      // outstanding at a time, as the binding's own methods expect.
      port.read = (buffer, offset, length) => reader.read(buffer, offset, length);
      port.write = (buffer) => writeNow(port, bindingWrite, buffer);
      return port;
    },
  };
}
