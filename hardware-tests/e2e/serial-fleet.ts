// A fleet of emulated boards running one Arduino example, each with its own device id and EEPROM, reachable by
// the bridge either on a real pty (socat pair, serialport) or through the in-process serial binding.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSketch, type SketchBuild } from '../build/compile-sketch.ts';
import { AvrBoard, type TimeMode } from '../sim/avr-board.ts';
import type { LineNoiseOptions } from '../sim/line-noise.ts';
import { linkBoardToPty, type BoardLink } from '../sim/pty-link.ts';
import { openPtyPair, type PtyPair } from '../../test-support/pty-pair.ts';
import { SimulatedSerialBinding } from '../sim/serial-binding.ts';
import { loadProgram, withDeviceId } from './firmware-image.ts';
import type { LineNoise } from '../sim/line-noise.ts';

export const ARDUINO_LIBRARY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../trackers/arduino');

export type SerialTransport = 'pty' | 'in-process';

export interface SerialFleetOptions {
  readonly example: string;
  readonly count?: number;
  readonly transport: SerialTransport;
  readonly timeMode?: TimeMode;
  readonly toHost?: LineNoiseOptions;
  readonly toDevice?: LineNoiseOptions;
  /** -D overrides for the library (e.g. a bigger ring buffer); one build for the whole fleet. */
  readonly defines?: Readonly<Record<string, string>>;
}

export interface SimulatedDevice {
  readonly deviceId: string;
  readonly board: AvrBoard;
  /** The path the bridge opens: a pty symlink, or `sim:<deviceId>` for the in-process binding. */
  readonly portPath: string;
  readonly noise: { readonly toHost: LineNoise; readonly toDevice: LineNoise };
}

export interface SerialFleet {
  readonly build: SketchBuild;
  readonly devices: readonly SimulatedDevice[];
  /** The baud rate the sketch sets (read from the emulated UART after boot). */
  readonly baudRate: number;
  /** Set for the in-process transport: give it to the bridge as its serialport binding. */
  readonly binding?: SimulatedSerialBinding;
  start(): void;
  stop(): Promise<void>;
}

/** The example's device id, from its `DEVICE_ID[] PROGMEM = "..."` constant. */
export function exampleDeviceId(sketchPath: string): string {
  const match = /DEVICE_ID\[\]\s*PROGMEM\s*=\s*"([^"]+)"/.exec(readFileSync(sketchPath, 'utf8'));
  if (!match) throw new Error(`${sketchPath} declares no DEVICE_ID[] PROGMEM string`);
  return match[1]!;
}

/** doorbell-01 → doorbell-07: the same length, so the patched firmware keeps every address. */
export function numberedDeviceId(baseId: string, index: number, count: number): string {
  if (count === 1) return baseId;
  const digits = String(count).length;
  const numbered = `${baseId.slice(0, baseId.length - digits)}${String(index + 1).padStart(digits, '0')}`;
  return numbered;
}

export async function startSerialFleet(options: SerialFleetOptions): Promise<SerialFleet> {
  const sketchPath = path.join(ARDUINO_LIBRARY_DIR, 'examples', options.example, `${options.example}.ino`);
  const build = await compileSketch({ sketchPath, libraryDir: ARDUINO_LIBRARY_DIR, defines: options.defines });
  const program = loadProgram(build.hexPath);
  const baseId = exampleDeviceId(sketchPath);
  const count = options.count ?? 1;
  const binding = options.transport === 'in-process' ? new SimulatedSerialBinding() : undefined;
  const devices: SimulatedDevice[] = [];
  const pairs: PtyPair[] = [];
  const links: BoardLink[] = [];
  const stop = async () => {
    for (const device of devices) device.board.destroy();
    for (const link of links) await link.close();
    for (const pair of pairs) await pair.close();
  };
  try {
    for (let index = 0; index < count; index++) {
      const deviceId = numberedDeviceId(baseId, index, count);
      const firmware = deviceId === baseId ? program : withDeviceId(program, baseId, deviceId);
      const board = new AvrBoard({ firmware, name: deviceId, timeMode: options.timeMode ?? 'fast' });
      if (binding) {
        const portPath = `sim:${deviceId}`;
        const noise = binding.attach(portPath, board, { toHost: options.toHost, toDevice: options.toDevice });
        devices.push({ deviceId, board, portPath, noise });
      } else {
        const pair = await openPtyPair(deviceId);
        pairs.push(pair);
        const link = await linkBoardToPty(board, pair.devicePath, { toHost: options.toHost, toDevice: options.toDevice });
        links.push(link);
        devices.push({ deviceId, board, portPath: pair.hostPath, noise: link });
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    build,
    devices,
    baudRate: sketchBaudRate(program),
    binding,
    start() {
      for (const device of devices) device.board.start();
    },
    stop,
  };
}

/** Runs a throw-away copy of the firmware until it has configured its UART, and reads the rate it chose. */
export function sketchBaudRate(program: Uint8Array): number {
  const probe = new AvrBoard({ firmware: program, name: 'baud-probe' });
  try {
    for (let elapsedMs = 0; elapsedMs < 2000 && probe.nominalBaudRate === 0; elapsedMs += 10) probe.runSimulatedMs(10);
    if (probe.nominalBaudRate === 0) throw new Error('the firmware did not configure its UART within 2 s of boot');
    return probe.nominalBaudRate;
  } finally {
    probe.destroy();
  }
}
