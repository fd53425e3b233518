import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SerialPort } from 'serialport';
import { describe, expect, it } from 'vitest';
import { compileSketch, type SketchBuild } from '../build/compile-sketch.ts';
import { AvrBoard } from '../sim/avr-board.ts';
import { startSimavrBoard } from './simavr-harness.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../fixtures');
const arduinoLibrary = path.resolve(here, '../../trackers/arduino');

/** Runs the firmware on simavr (UART on a pty) and in avr8js side by side, feeding both the same input. */
async function runOnBothSimulators(build: SketchBuild, baudRate: number, until: (output: string) => boolean, input?: { after: string; bytes: string }) {
  const simavr = await startSimavrBoard(build.elfPath);
  const port = await new Promise<SerialPort>((resolve, reject) => {
    const opened = new SerialPort({ path: simavr.ptyPath, baudRate }, (error) => (error ? reject(error) : resolve(opened)));
  });
  const board = new AvrBoard({ firmware: readFileSync(build.hexPath, 'utf8') });
  try {
    let simavrOutput = '';
    let simavrInputSent = false;
    port.on('data', (chunk: Buffer) => {
      simavrOutput += chunk.toString('latin1');
      if (input && !simavrInputSent && simavrOutput.includes(input.after)) {
        simavrInputSent = true;
        port.write(input.bytes);
      }
    });
    simavr.start();
    board.start();
    if (input) {
      await board.waitForOutput(input.after, 20_000);
      board.serial.write(input.bytes);
    }
    // Bounded, not a timing check: ~10 s of simulated time costs two simulators ~6 s of CPU each on a quiet machine,
    // several times that on a loaded one.
    const deadline = Date.now() + 100_000;
    while (!(until(board.output) && until(simavrOutput))) {
      if (Date.now() > deadline) throw new Error(`timed out; avr8js: ${JSON.stringify(board.output)}, simavr: ${JSON.stringify(simavrOutput)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { avr8js: board.output, simavr: simavrOutput };
  } finally {
    board.destroy();
    await new Promise<void>((resolve) => port.close(() => resolve()));
    await simavr.stop();
  }
}

const framesIn = (output: string) => output.match(/\$1E\|[^\r\n]*\r\n/g) ?? [];

describe('simavr and avr8js run the same firmware the same way', () => {
  it('the echo fixture: same banner (EEPROM boot count), same echo at 57,600 baud', async () => {
    const build = await compileSketch({ sketchPath: path.join(fixtures, 'echo/echo.ino') });
    const input = 'cross-checked by two simulators';
    const { avr8js, simavr } = await runOnBothSimulators(build, 57_600, (output) => output.endsWith(input), { after: 'boot 1\r\n', bytes: input });
    expect(avr8js).toBe(`echo fixture boot 1\r\n${input}`);
    expect(simavr).toBe(avr8js);
  }, 120_000);

  it('the StructEventSerial example: its first heartbeat frame and two retransmissions are byte for byte the same', async () => {
    const build = await compileSketch({
      sketchPath: path.join(arduinoLibrary, 'examples/StructEventSerial/StructEventSerial.ino'),
      libraryDir: arduinoLibrary,
    });
    const { avr8js, simavr } = await runOnBothSimulators(build, 115_200, (output) => framesIn(output).length >= 3);
    const frames = framesIn(avr8js).slice(0, 3);
    expect(framesIn(simavr).slice(0, 3)).toEqual(frames);
    // The same event (seq 1, created at the same uptime) sent three times at growing retransmission intervals.
    const fields = frames.map((frame) => frame.split('|'));
    expect(new Set(fields.map((parts) => `${parts[3]}|${parts[4]}`)).size).toBe(1);
    const sentAt = fields.map((parts) => parseInt(parts[5]!, 16));
    expect(sentAt[2]! - sentAt[1]!).toBeGreaterThan(sentAt[1]! - sentAt[0]!);
  }, 120_000);
});
