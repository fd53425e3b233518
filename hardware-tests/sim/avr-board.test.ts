import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSketch } from '../build/compile-sketch.ts';
import { AvrBoard } from './avr-board.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
let echoHex: string;

beforeAll(async () => {
  echoHex = readFileSync((await compileSketch({ sketchPath: path.join(fixtures, 'echo/echo.ino') })).hexPath, 'utf8');
});

describe('an emulated Arduino Uno running the echo fixture', () => {
  it('prints its banner at the baud rate the sketch set and echoes what it receives', async () => {
    const board = new AvrBoard({ firmware: echoHex }).start();
    try {
      await board.waitForOutput('echo fixture boot 1\r\n');
      expect(board.nominalBaudRate).toBe(57_600);
      expect(board.baudRate).toBe(58_823); // 16 MHz / (16 x 17): the rounding a real Uno has too
      const received: Buffer[] = [];
      board.serial.on('data', (chunk: Buffer) => received.push(chunk));
      board.serial.write('hello, uno');
      await board.waitForOutput('hello, uno');
      expect(Buffer.concat(received).toString()).toBe('hello, uno'); // the banner went by before anyone listened
    } finally {
      board.destroy();
    }
  });

  it('receives every byte of a long burst while it transmits (full duplex, no lost receive interrupts)', () => {
    const board = new AvrBoard({ firmware: echoHex });
    board.runSimulatedMs(20);
    board.clearTranscript();
    const burst = Array.from({ length: 1000 }, (_, index) => String.fromCharCode(0x21 + (index % 90))).join('').replace(/\?/g, '.');
    board.serial.write(burst);
    board.runSimulatedMs(1000 * 0.18 + 20);
    expect(board.output).toBe(burst);
    board.destroy();
  });

  it('delivers input no faster than the line: 100 bytes take at least 100 character times of device time', async () => {
    const board = new AvrBoard({ firmware: echoHex }).start();
    try {
      await board.waitForOutput('boot 1\r\n');
      const before = board.uptimeMs;
      board.serial.write('x'.repeat(100));
      await board.waitForOutput('x'.repeat(100));
      // 10 bits a character at 57,600 baud: 0.174 ms each.
      expect(board.uptimeMs - before).toBeGreaterThanOrEqual(100 * (10 / 57_600) * 1000);
    } finally {
      board.destroy();
    }
  });

  it('reports millis() that follow the simulated clock', () => {
    const board = new AvrBoard({ firmware: echoHex });
    board.runSimulatedMs(250);
    board.serial.write('?');
    board.runSimulatedMs(5);
    const uptime = Number(/uptime (\d+)\r\n/.exec(board.output)?.[1]);
    expect(uptime).toBeGreaterThanOrEqual(249);
    expect(uptime).toBeLessThanOrEqual(256);
    board.destroy();
  });

  it('keeps EEPROM across a reset and a power cycle, and loses bytes sent while it is off', async () => {
    const board = new AvrBoard({ firmware: echoHex }).start();
    try {
      await board.waitForOutput('boot 1\r\n');
      board.reset();
      await board.waitForOutput('boot 2\r\n');
      expect(board.uptimeMs).toBeLessThan(board.simulatedMs);
      const powerCycle = board.powerCycle(30);
      board.serial.write('lost');
      await powerCycle;
      await board.waitForOutput('boot 3\r\n');
      expect(board.rxBytesLostWhileDisabled).toBe(4);
      expect(board.output).not.toContain('lost');
      expect(board.eeprom.readMemory(0)).toBe(3);
    } finally {
      board.destroy();
    }
  });

  it('in wall-clock mode never runs ahead of the wall clock', async () => {
    const board = new AvrBoard({ firmware: echoHex, timeMode: 'wallclock' });
    const startedAt = performance.now();
    board.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const wallMs = performance.now() - startedAt;
    const simulatedMs = board.simulatedMs;
    board.destroy();
    expect(simulatedMs).toBeLessThanOrEqual(wallMs + 1);
    expect(simulatedMs).toBeGreaterThan(0);
  });
});
