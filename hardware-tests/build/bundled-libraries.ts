// Finds which libraries bundled with the Arduino AVR core (EEPROM, SPI, Wire, SoftwareSerial, HID) a sketch
// and its library include, the way the IDE's include detection does: by header name, transitively.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_LIBRARIES_DIR } from './avr-toolchain.ts';
import { CODE_EXTENSIONS, listFiles } from './source-files.ts';

const INCLUDE = /^\s*#\s*include\s*[<"]([^>"]+)[>"]/gm;

export function includedHeaders(source: string): string[] {
  return [...source.matchAll(INCLUDE)].map((match) => match[1]!);
}

/** Returns the src/ folders of the bundled libraries that `files` need, in a stable order. */
export function resolveBundledLibraries(files: readonly string[], librariesDir = BUNDLED_LIBRARIES_DIR): string[] {
  const available = existsSync(librariesDir) ? readdirSync(librariesDir).sort() : [];
  const found = new Set<string>();
  const pending = [...files];
  const scanned = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (scanned.has(file)) continue;
    scanned.add(file);
    for (const header of includedHeaders(readFileSync(file, 'utf8'))) {
      for (const library of available) {
        const src = path.join(librariesDir, library, 'src');
        if (found.has(src) || !existsSync(path.join(src, header))) continue;
        found.add(src);
        pending.push(...listFiles(src, CODE_EXTENSIONS));
      }
    }
  }
  return [...found].sort();
}
