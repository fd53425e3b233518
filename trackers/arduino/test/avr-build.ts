// Builds an Arduino sketch for the Uno with only gcc-avr, avr-libc and arduino-core-avr (TOOLCHAIN.md): the core
// compiled once into core.a, the sketch with `#include <Arduino.h>` prepended and no generated prototypes, the
// libraries' src/ folders, LTO, -Wall -Wextra. Used by the footprint test and by hardware-tests.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const ARDUINO_CORE_DIR = '/usr/share/arduino/hardware/arduino/avr/cores/arduino';
export const ARDUINO_VARIANT_DIR = '/usr/share/arduino/hardware/arduino/avr/variants/standard';
export const SNOWLINE_LIBRARY_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const MCU = ['-mmcu=atmega328p', '-DF_CPU=16000000L', '-DARDUINO=10807', '-DARDUINO_AVR_UNO', '-DARDUINO_ARCH_AVR'];
const COMMON = ['-Os', '-ffunction-sections', '-fdata-sections', '-flto', ...MCU];
const CXX_ONLY = ['-std=gnu++11', '-fno-exceptions', '-fno-threadsafe-statics', '-fpermissive', '-DDECIMAL_DIG=__DECIMAL_DIG__'];

export interface AvrSize {
  /** Bytes of flash: .text + .data (the initial values of .data live in flash). */
  readonly flashBytes: number;
  /** Bytes of static RAM: .data + .bss. */
  readonly ramBytes: number;
}

export interface SketchBuild extends AvrSize {
  readonly elfPath: string;
  readonly hexPath: string;
  /** Compiler warnings for the sketch and the library (the core's own are not ours). */
  readonly warnings: string;
}

export interface BuildSketchOptions {
  readonly sketchPath: string;
  readonly outDir: string;
  /** Library root folders (each with src/). Defaults to the Snowline library. */
  readonly libraries?: readonly string[];
  readonly defines?: readonly string[];
}

async function tool(command: string, args: readonly string[], cwd?: string): Promise<string> {
  try {
    const result = await run(command, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return result.stderr;
  } catch (error) {
    const failure = error as { code?: string; stderr?: string; message: string };
    if (failure.code === 'ENOENT') {
      throw new Error(`${command} not found; install it with: apt-get install -y --no-install-recommends gcc-avr avr-libc arduino-core-avr`);
    }
    throw new Error(`${command} ${args.join(' ')} failed:\n${failure.stderr ?? failure.message}`);
  }
}

/** The Arduino core as a static library, built once per machine into the temp directory. */
export async function buildArduinoCore(): Promise<string> {
  if (!existsSync(ARDUINO_CORE_DIR)) {
    throw new Error(`Arduino core not found at ${ARDUINO_CORE_DIR}; install it with: apt-get install -y --no-install-recommends arduino-core-avr gcc-avr avr-libc`);
  }
  const key = createHash('sha1').update(JSON.stringify([COMMON, CXX_ONLY])).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), `snowline-arduino-core-${key}`);
  const archive = path.join(dir, 'core.a');
  if (existsSync(archive)) return archive;
  const work = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(work, { recursive: true });
  const includes = [`-I${ARDUINO_CORE_DIR}`, `-I${ARDUINO_VARIANT_DIR}`];
  const objects: string[] = [];
  await Promise.all(
    readdirSync(ARDUINO_CORE_DIR).map(async (file) => {
      const source = path.join(ARDUINO_CORE_DIR, file);
      const object = path.join(work, `${file}.o`);
      if (file.endsWith('.c')) await tool('avr-gcc', ['-c', ...COMMON, '-std=gnu11', ...includes, source, '-o', object]);
      else if (file.endsWith('.cpp')) await tool('avr-g++', ['-c', ...COMMON, ...CXX_ONLY, ...includes, source, '-o', object]);
      else if (file.endsWith('.S')) await tool('avr-gcc', ['-c', '-x', 'assembler-with-cpp', ...COMMON, ...includes, source, '-o', object]);
      else return;
      objects.push(object);
    }),
  );
  await tool('avr-gcc-ar', ['rcs', path.join(work, 'core.a'), ...objects.sort()]);
  mkdirSync(path.dirname(dir), { recursive: true });
  try {
    renameSync(work, dir);
  } catch {
    // Another process built it first: use theirs.
  }
  return archive;
}

/** `avr-size -A`: flash = .text + .data, static RAM = .data + .bss. */
export async function avrSize(elfPath: string): Promise<AvrSize> {
  const output = (await run('avr-size', ['-A', elfPath])).stdout;
  const section = (name: string) => Number(new RegExp(`^\\${name}\\s+(\\d+)`, 'm').exec(output)?.[1] ?? 0);
  return { flashBytes: section('.text') + section('.data'), ramBytes: section('.data') + section('.bss') };
}

export async function buildSketch(options: BuildSketchOptions): Promise<SketchBuild> {
  const core = await buildArduinoCore();
  const libraries = options.libraries ?? [SNOWLINE_LIBRARY_DIR];
  mkdirSync(options.outDir, { recursive: true });
  const name = path.basename(options.sketchPath, '.ino');
  const sketchCpp = path.join(options.outDir, `${name}.ino.cpp`);
  writeFileSync(sketchCpp, `#include <Arduino.h>\n#line 1 "${options.sketchPath}"\n${readFileSync(options.sketchPath, 'utf8')}`);
  const includes = [`-I${ARDUINO_CORE_DIR}`, `-I${ARDUINO_VARIANT_DIR}`, ...libraries.map((library) => `-I${path.join(library, 'src')}`)];
  const defines = (options.defines ?? []).map((define) => `-D${define}`);
  const warn = ['-Wall', '-Wextra', ...(process.env.SNOWLINE_EXTRA_CFLAGS ?? '').split(' ').filter(Boolean)];
  const sources = [sketchCpp, ...libraries.flatMap((library) => readdirSync(path.join(library, 'src')).filter((file) => file.endsWith('.cpp')).map((file) => path.join(library, 'src', file)))];
  const objects: string[] = [];
  const warnings: string[] = [];
  await Promise.all(
    sources.map(async (source, index) => {
      const object = path.join(options.outDir, `${index}-${path.basename(source)}.o`);
      warnings.push(await tool('avr-g++', ['-c', ...COMMON, ...CXX_ONLY, ...warn, ...defines, ...includes, source, '-o', object]));
      objects.push(object);
    }),
  );
  const elfPath = path.join(options.outDir, `${name}.elf`);
  const hexPath = path.join(options.outDir, `${name}.hex`);
  // The link repeats -Wall -Wextra: with LTO, some warnings only appear at link time.
  warnings.push(await tool('avr-gcc', [...COMMON, ...warn, '-fuse-linker-plugin', '-Wl,--gc-sections', ...objects.sort(), core, '-lm', '-o', elfPath]));
  await tool('avr-objcopy', ['-O', 'ihex', '-R', '.eeprom', elfPath, hexPath]);
  return { elfPath, hexPath, warnings: warnings.filter((text) => text.trim() !== '').join('\n'), ...(await avrSize(elfPath)) };
}
