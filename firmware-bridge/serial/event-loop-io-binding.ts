// serialport's Unix binding does its reads and writes in libuv's thread pool: per chunk of input one fs.read that
// returns the bytes, then another that fails with EAGAIN (an Error with a stack) before it waits on the fd's
// poller; per write one more trip through the pool. On a serial line that brings a frame or two per read, that
// cost more CPU than everything else the bridge does with a frame (see docs/bridge.md, "Measured"). This wrapper
// keeps the binding (open, termios, close, drain, disconnect handling) and does the I/O on the event loop: read(2)
// once the poller reports the fd readable, write(2) straight away. The binding opens the fd non-blocking, so
// neither can block; a write the kernel cannot take at once goes on through the binding's own write.
import { readSync, writeSync } from 'node:fs';

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

const RETRY = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);
// As in serialport's own reader: these mean the device is gone (unplugged); the stream then closes the port.
const DISCONNECT = new Set(['EBADF', 'ENXIO', 'EIO', 'UNKNOWN']);

function notOpen(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

function markDisconnect(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (DISCONNECT.has(code) || (error as NodeJS.ErrnoException).errno === -1) Object.assign(error as object, { disconnect: true });
  return error;
}

function waitReadable(poller: Poller): Promise<void> {
  return new Promise((resolve, reject) => poller.once('readable', (error) => (error ? reject(error) : resolve())));
}

async function readWhenReadable(port: BindingPort, poller: Poller, buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
  for (;;) {
    if (!port.isOpen) throw notOpen();
    await waitReadable(poller);
    if (!port.isOpen || typeof port.fd !== 'number') throw notOpen();
    try {
      const bytesRead = readSync(port.fd, buffer, offset, length, null);
      if (bytesRead > 0) return { buffer, bytesRead };
    } catch (error) {
      if (!RETRY.has((error as NodeJS.ErrnoException).code ?? '')) throw markDisconnect(error);
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
    if (!RETRY.has((error as NodeJS.ErrnoException).code ?? '')) throw markDisconnect(error);
  }
  // The kernel's output buffer is full: the binding waits for the poller to report the fd writable.
  await bindingWrite(buffer.subarray(written));
}

/** `binding` with event-loop reads and writes for ports that have an fd and a poller (the Unix bindings). */
export function withEventLoopIo<B extends Binding>(binding: B): B {
  return {
    ...binding,
    async open(options: never) {
      const port = await binding.open(options);
      const poller = port.poller;
      if (typeof port.fd !== 'number' || !poller) return port;
      const bindingWrite = port.write.bind(port);
      // Own properties over the binding's prototype methods. serialport's stream has at most one read and one write
      // outstanding at a time, as the binding's own methods expect.
      port.read = (buffer, offset, length) => readWhenReadable(port, poller, buffer, offset, length);
      port.write = (buffer) => writeNow(port, bindingWrite, buffer);
      return port;
    },
  };
}
