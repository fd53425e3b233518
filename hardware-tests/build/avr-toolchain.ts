// Where the AVR toolchain and the Debian Arduino core live, and the flags that mirror the core's platform.txt
// (Arduino AVR core 1.8.7 as packaged by Debian, avr-gcc 5.4) for an Arduino Uno.
import path from 'node:path';
import { requireTool } from '../../test-support/require-tool.ts';

export const ARDUINO_AVR_ROOT = process.env.SNOWLINE_ARDUINO_AVR_ROOT ?? '/usr/share/arduino/hardware/arduino/avr';
export const CORE_DIR = path.join(ARDUINO_AVR_ROOT, 'cores/arduino');
export const BUNDLED_LIBRARIES_DIR = path.join(ARDUINO_AVR_ROOT, 'libraries');

export interface BoardTarget {
  readonly name: string;
  readonly mcu: string;
  readonly cpuFrequencyHz: number;
  readonly variantDir: string;
  readonly boardDefine: string;
}

export const ARDUINO_UNO: BoardTarget = {
  name: 'uno',
  mcu: 'atmega328p',
  cpuFrequencyHz: 16_000_000,
  variantDir: path.join(ARDUINO_AVR_ROOT, 'variants/standard'),
  boardDefine: 'ARDUINO_AVR_UNO',
};

export interface AvrTools {
  readonly gcc: string;
  readonly gxx: string;
  readonly ar: string;
  readonly objcopy: string;
  readonly size: string;
}

/** Finds the AVR tools, or throws with the command that installs them. */
export function requireAvrTools(): AvrTools {
  return {
    gcc: requireTool('avr-gcc', 'gcc-avr avr-libc arduino-core-avr'),
    gxx: requireTool('avr-g++', 'gcc-avr avr-libc arduino-core-avr'),
    ar: requireTool('avr-gcc-ar', 'gcc-avr'),
    objcopy: requireTool('avr-objcopy', 'binutils-avr'),
    size: requireTool('avr-size', 'binutils-avr'),
  };
}

export function boardDefines(board: BoardTarget): string[] {
  return [
    `-mmcu=${board.mcu}`,
    `-DF_CPU=${board.cpuFrequencyHz}L`,
    '-DARDUINO=10807',
    `-D${board.boardDefine}`,
    '-DARDUINO_ARCH_AVR',
  ];
}

export const C_FLAGS = ['-c', '-g', '-Os', '-std=gnu11', '-ffunction-sections', '-fdata-sections', '-flto', '-fno-fat-lto-objects'];
// -DDECIMAL_DIG: Debian's avr-libc does not define it, and the core's WString.cpp needs it.
export const CXX_FLAGS = [
  '-c', '-g', '-Os', '-std=gnu++11', '-fpermissive', '-fno-exceptions', '-ffunction-sections', '-fdata-sections',
  '-fno-threadsafe-statics', '-Wno-error=narrowing', '-flto', '-DDECIMAL_DIG=__DECIMAL_DIG__',
];
export const ASM_FLAGS = ['-c', '-g', '-x', 'assembler-with-cpp', '-flto'];
export const LINK_FLAGS = ['-Os', '-g', '-flto', '-fuse-linker-plugin', '-Wl,--gc-sections'];
/** Warnings for the code under test (the sketch and the library); the core and bundled libraries build with -w. */
export const WARNING_FLAGS = ['-Wall', '-Wextra'];

export function compilerFor(tools: AvrTools, file: string): { command: string; flags: string[] } | undefined {
  if (file.endsWith('.c')) return { command: tools.gcc, flags: C_FLAGS };
  if (file.endsWith('.cpp')) return { command: tools.gxx, flags: CXX_FLAGS };
  if (file.endsWith('.S')) return { command: tools.gcc, flags: ASM_FLAGS };
  return undefined;
}
