import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SerialPort } from 'serialport';
import { openPtyPair, type PtyPair } from '../../test-support/pty-pair.ts';
import { pacedReadIntervalMs, withEventLoopIo } from './event-loop-io-binding.ts';

function openPort(path: string, readIntervalMs?: number): Promise<SerialPort> {
  const binding = readIntervalMs === undefined ? SerialPort.binding : withEventLoopIo(SerialPort.binding, { readIntervalMs });
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false, highWaterMark: 4096, binding } as ConstructorParameters<typeof SerialPort>[0]);
  return new Promise((resolve, reject) => port.open((error) => (error ? reject(error) : resolve(port))));
}

function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

/** vi.waitFor options: retry every 10 ms for up to 10 s. */
const WAIT = { timeout: 10_000, interval: 10 };

describe('serial reads and writes on the event loop (socat pty pair)', () => {
  let pty: PtyPair;
  let host: SerialPort;
  let device: SerialPort;

  beforeEach(async () => {
    pty = await openPtyPair();
    device = await openPort(pty.devicePath);
  });

  afterEach(async () => {
    await closePort(host);
    await closePort(device);
    await pty.close();
  });

  it('delivers every byte of a burst larger than one read, in order', async () => {
    host = await openPort(pty.hostPath, 50);
    const received: Buffer[] = [];
    host.on('data', (chunk: Buffer) => received.push(chunk));
    const burst = Buffer.from(Array.from({ length: 12_000 }, (_, index) => 0x21 + (index % 90)));
    device.write(burst);
    await vi.waitFor(() => expect(received.reduce((sum, chunk) => sum + chunk.length, 0)).toBeGreaterThanOrEqual(burst.length), WAIT);
    expect(Buffer.concat(received).equals(burst)).toBe(true);
  });

  it('takes what a busy line brought in one read per interval, not one read per chunk the driver delivers', async () => {
    host = await openPort(pty.hostPath, 100);
    let reads = 0;
    let bytes = 0;
    host.on('data', (chunk: Buffer) => {
      reads++;
      bytes += chunk.length;
    });
    // 60 chunks of 20 bytes, one every 5 ms (about 300 ms): a reader that is not paced wakes up for nearly each.
    for (let chunk = 0; chunk < 60; chunk++) {
      device.write(Buffer.alloc(20, 0x41 + (chunk % 26)));
      await sleep(5);
    }
    await vi.waitFor(() => expect(bytes).toBe(1200), WAIT);
    expect(reads).toBeLessThan(20);
  });

  it('writes what the bridge sends straight to the line', async () => {
    host = await openPort(pty.hostPath, 50);
    const received: Buffer[] = [];
    device.on('data', (chunk: Buffer) => received.push(chunk));
    host.write('$1A|7|2a|1234\r\n', 'latin1');
    host.write('$1N|crc|ABCD\r\n', 'latin1');
    await vi.waitFor(() => expect(Buffer.concat(received).length).toBeGreaterThanOrEqual(29), WAIT);
    expect(Buffer.concat(received).toString('latin1')).toBe('$1A|7|2a|1234\r\n$1N|crc|ABCD\r\n');
  });
});

describe('the paced read interval', () => {
  it('is the configured interval on a 115,200-baud line, shortened on fast lines so that at most 1 KiB waits in the kernel', () => {
    expect(pacedReadIntervalMs(50, 115_200)).toBe(50);
    expect(pacedReadIntervalMs(50, 1_000_000)).toBe(10);
    expect(pacedReadIntervalMs(50, 2_000_000)).toBe(5);
    expect(pacedReadIntervalMs(0, 115_200)).toBe(0);
  });
});
