// Wires an emulated board's UART to the device end of a pty pair, through optional line noise, using the same
// serialport package the bridge uses (raw mode, non-blocking reads through libuv).
import { SerialPort } from 'serialport';
import type { AvrBoard } from './avr-board.ts';
import { LineNoise, type LineNoiseOptions } from './line-noise.ts';

export interface BoardLink {
  /** Noise on the bytes the board transmits (device → host). */
  readonly toHost: LineNoise;
  /** Noise on the bytes the board receives (host → device). */
  readonly toDevice: LineNoise;
  close(): Promise<void>;
}

export interface BoardLinkOptions {
  readonly toHost?: LineNoiseOptions;
  readonly toDevice?: LineNoiseOptions;
}

export async function linkBoardToPty(board: AvrBoard, devicePath: string, options: BoardLinkOptions = {}): Promise<BoardLink> {
  const port = await new Promise<SerialPort>((resolve, reject) => {
    // A pty ignores the rate; 115200 is only what termios is told.
    const opened = new SerialPort({ path: devicePath, baudRate: 115_200 }, (error) => (error ? reject(error) : resolve(opened)));
  });
  const toHost = new LineNoise(options.toHost);
  const toDevice = new LineNoise({ seed: 2, ...options.toDevice });
  const fromBoard = (chunk: Buffer) => {
    const noisy = toHost.apply(chunk);
    if (noisy.length > 0 && port.isOpen) port.write(noisy);
  };
  const fromHost = (chunk: Buffer) => {
    const noisy = toDevice.apply(chunk);
    if (noisy.length > 0) board.serial.write(noisy);
  };
  board.serial.on('data', fromBoard);
  port.on('data', fromHost);
  // An error on the device end (the pty pair closed under us) ends the link, never the test process.
  port.on('error', () => {});
  return {
    toHost,
    toDevice,
    async close() {
      board.serial.off('data', fromBoard);
      port.off('data', fromHost);
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
