import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SerialPort } from 'serialport';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileSketch } from '../build/compile-sketch.ts';
import { AvrBoard } from './avr-board.ts';
import { LineNoise } from './line-noise.ts';
import { linkBoardToPty } from './pty-link.ts';
import { openPtyPair, ptyDevice } from '../../test-support/pty-pair.ts';
import { SimulatedSerialBinding } from './serial-binding.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
let echoHex: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  echoHex = readFileSync((await compileSketch({ sketchPath: path.join(fixtures, 'echo/echo.ino') })).hexPath, 'utf8');
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openPort(options: ConstructorParameters<typeof SerialPort>[0]): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort(options, (error) => (error ? reject(error) : resolve(port)));
  });
}

function collect(port: SerialPort): { text: () => string; waitFor: (expected: string, timeoutMs?: number) => Promise<void> } {
  let received = '';
  port.on('data', (chunk: Buffer) => { received += chunk.toString('latin1'); });
  return {
    text: () => received,
    async waitFor(expected, timeoutMs = 10_000) {
      const startedAt = Date.now();
      while (!received.includes(expected)) {
        if (Date.now() - startedAt > timeoutMs) throw new Error(`did not receive ${JSON.stringify(expected)}; got ${JSON.stringify(received)}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

describe('the in-process serial binding', () => {
  it('lets serialport talk to an emulated board by name', async () => {
    const binding = new SimulatedSerialBinding();
    const board = new AvrBoard({ firmware: echoHex, name: 'echo' });
    cleanups.push(() => board.destroy());
    binding.attach('sim:echo', board);
    expect((await binding.list()).map((port) => port.path)).toEqual(['sim:echo']);
    const port = await openPort({ path: 'sim:echo', baudRate: 57_600, binding } as never);
    cleanups.push(() => new Promise<void>((resolve) => port.close(() => resolve())));
    const line = collect(port);
    board.start();
    await line.waitFor('echo fixture boot 1\r\n');
    port.write('ping');
    await line.waitFor('ping');
    expect(line.text()).toBe('echo fixture boot 1\r\nping');
  });

  it('garbles the bytes when the port is opened at a rate other than the sketch set', async () => {
    const binding = new SimulatedSerialBinding();
    const board = new AvrBoard({ firmware: echoHex });
    cleanups.push(() => board.destroy());
    binding.attach('sim:echo', board);
    board.start();
    await board.waitForOutput('boot 1\r\n');
    const port = await openPort({ path: 'sim:echo', baudRate: 9600, binding } as never);
    cleanups.push(() => new Promise<void>((resolve) => port.close(() => resolve())));
    const line = collect(port);
    port.write('abcdef');
    await board.waitForOutput(/boot 1\r\n.{6}$/s);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(line.text()).toHaveLength(6);
    expect(line.text()).not.toBe('abcdef');
  });

  it('refuses a second open of the same board and an unknown path', async () => {
    const binding = new SimulatedSerialBinding();
    const board = new AvrBoard({ firmware: echoHex });
    cleanups.push(() => board.destroy());
    binding.attach('sim:echo', board);
    const port = await openPort({ path: 'sim:echo', baudRate: 57_600, binding } as never);
    cleanups.push(() => new Promise<void>((resolve) => port.close(() => resolve())));
    await expect(openPort({ path: 'sim:echo', baudRate: 57_600, binding } as never)).rejects.toThrow(/lock/);
    await expect(openPort({ path: 'sim:nothing', baudRate: 57_600, binding } as never)).rejects.toThrow(/No such file/);
  });
});

describe('the pty path (socat pair, serialport on both ends)', () => {
  it('carries the board output to the host end and host input to the board, across a host reopen', async () => {
    const pair = await openPtyPair('echo');
    cleanups.push(() => pair.close());
    expect(ptyDevice(pair.hostPath)).toMatch(/^\/dev\/pts\/\d+$/);
    const board = new AvrBoard({ firmware: echoHex, timeMode: 'wallclock' });
    cleanups.push(() => board.destroy());
    const link = await linkBoardToPty(board, pair.devicePath);
    cleanups.push(() => link.close());
    let host = await openPort({ path: pair.hostPath, baudRate: 57_600 });
    let line = collect(host);
    board.start();
    await line.waitFor('echo fixture boot 1\r\n');
    host.write('over the pty');
    await line.waitFor('over the pty');
    await new Promise<void>((resolve) => host.close(() => resolve()));

    host = await openPort({ path: pair.hostPath, baudRate: 57_600 });
    cleanups.push(() => new Promise<void>((resolve) => host.close(() => resolve())));
    line = collect(host);
    host.write('again');
    await line.waitFor('again');
    expect(link.toHost.stats.bitsFlipped).toBe(0);
  });

  it('flips bits and drops bytes at the configured rates', async () => {
    const pair = await openPtyPair('noisy');
    cleanups.push(() => pair.close());
    const board = new AvrBoard({ firmware: echoHex });
    cleanups.push(() => board.destroy());
    const link = await linkBoardToPty(board, pair.devicePath, { toDevice: { byteDropRate: 0.1, seed: 7 } });
    cleanups.push(() => link.close());
    const host = await openPort({ path: pair.hostPath, baudRate: 57_600 });
    cleanups.push(() => new Promise<void>((resolve) => host.close(() => resolve())));
    const line = collect(host);
    board.start();
    await line.waitFor('boot 1\r\n');
    const sent = 'abcdefghijklmnopqrstuvwxyz'.repeat(4).replace(/\?/g, '');
    host.write(`${sent}?`);
    await line.waitFor('uptime ', 5000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const echoed = line.text().slice('echo fixture boot 1\r\n'.length).replace(/uptime \d+\r\n/, '');
    expect(link.toDevice.stats.bytesDropped).toBeGreaterThan(0);
    expect(echoed.length).toBe(sent.length + 1 - link.toDevice.stats.bytesDropped - (line.text().includes('uptime ') ? 1 : 0));
  });
});

describe('line noise', () => {
  it('flips bits at about the requested bit error rate, reproducibly from its seed', () => {
    const bytes = Buffer.alloc(125_000, 0x55); // one million bits
    const first = new LineNoise({ bitErrorRate: 1e-3, seed: 42 });
    const output = first.apply(bytes);
    expect(first.stats.bitsFlipped).toBeGreaterThan(900);
    expect(first.stats.bitsFlipped).toBeLessThan(1100);
    let differingBits = 0;
    for (let index = 0; index < bytes.length; index++) {
      let diff = bytes[index]! ^ output[index]!;
      while (diff) { differingBits += diff & 1; diff >>= 1; }
    }
    expect(differingBits).toBe(first.stats.bitsFlipped);
    expect(new LineNoise({ bitErrorRate: 1e-3, seed: 42 }).apply(bytes).equals(output)).toBe(true);
  });

  it('drops whole bytes at the requested rate and passes a clean line through untouched', () => {
    const noise = new LineNoise({ byteDropRate: 0.01, seed: 3 });
    const output = noise.apply(Buffer.alloc(100_000, 1));
    expect(output.length).toBe(100_000 - noise.stats.bytesDropped);
    expect(noise.stats.bytesDropped).toBeGreaterThan(850);
    expect(noise.stats.bytesDropped).toBeLessThan(1150);
    const clean = Buffer.from('untouched');
    expect(new LineNoise().apply(clean)).toBe(clean);
  });
});
