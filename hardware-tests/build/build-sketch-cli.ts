// `npm run hardware:build -- <sketch.ino> [-DNAME=value ...]`: builds one sketch for the Uno with the Snowline
// Arduino library and prints where the ELF and HEX are (to flash with avrdude), its footprint and any warnings.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSketch } from './compile-sketch.ts';

const LIBRARY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../trackers/arduino');
const [sketchPath, ...defineArgs] = process.argv.slice(2);
if (!sketchPath) {
  process.stderr.write('usage: npm run hardware:build -- <sketch.ino> [-DNAME=value ...]\n');
  process.exit(2);
}
const defines: Record<string, string> = {};
for (const arg of defineArgs) {
  const match = /^-D([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(arg);
  if (!match) {
    process.stderr.write(`not a -DNAME=value definition: ${arg}\n`);
    process.exit(2);
  }
  defines[match[1]!] = match[2]!;
}
const build = await compileSketch({ sketchPath, libraryDir: LIBRARY_DIR, defines });
process.stdout.write(
  `hex:   ${build.hexPath}\nelf:   ${build.elfPath}\nflash: ${build.footprint.flashBytes} bytes\n` +
    `ram:   ${build.footprint.staticRamBytes} bytes (static)\n${build.fromCache ? 'from the build cache\n' : ''}`,
);
for (const warning of build.warnings) process.stdout.write(`warning: ${warning.file}:${warning.line}:${warning.column}: ${warning.message}\n`);
