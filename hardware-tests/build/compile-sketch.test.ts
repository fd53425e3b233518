import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSketch } from './compile-sketch.ts';
import { parseAvrSize } from './footprint.ts';
import { readIntelHex } from '../sim/intel-hex.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

describe('compiling a sketch for the Arduino Uno', () => {
  it('builds the echo fixture with the bundled EEPROM library into Intel HEX and measures it', async () => {
    const build = await compileSketch({ sketchPath: path.join(fixtures, 'echo/echo.ino') });
    expect(build.bundledLibraries).toEqual(['EEPROM']);
    expect(build.warnings).toEqual([]);
    const program = readIntelHex(readFileSync(build.hexPath, 'utf8'));
    expect(program.byteLength).toBeGreaterThan(1000);
    expect(build.footprint.flashBytes).toBeGreaterThan(1000);
    expect(build.footprint.flashBytes).toBeLessThan(32_256);
    expect(build.footprint.staticRamBytes).toBeGreaterThan(150); // HardwareSerial's two 64-byte rings
  });

  it('serves an unchanged sketch from the content-hash cache, and rebuilds when a define changes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-defines-'));
    try {
      const sketchPath = path.join(dir, 'padded.ino');
      writeFileSync(sketchPath, [
        `// ${process.pid}-${Date.now()}: a sketch no earlier run has cached`,
        '#ifndef PADDING_BYTES',
        '#define PADDING_BYTES 1',
        '#endif',
        'volatile byte padding[PADDING_BYTES];',
        'void setup() { Serial.begin(9600); padding[0] = 1; }',
        'void loop() { Serial.write(padding[0]); }',
        '',
      ].join('\n'));
      const first = await compileSketch({ sketchPath });
      expect(first.fromCache).toBe(false);
      const again = await compileSketch({ sketchPath });
      expect(again.fromCache).toBe(true);
      expect(again.cacheKey).toBe(first.cacheKey);
      const padded = await compileSketch({ sketchPath, defines: { PADDING_BYTES: '33' } });
      expect(padded.fromCache).toBe(false);
      expect(padded.footprint.staticRamBytes).toBe(first.footprint.staticRamBytes + 32);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports -Wall -Wextra warnings with their location in the sketch', async () => {
    const build = await compileSketch({ sketchPath: path.join(fixtures, 'warns/warns.ino') });
    expect(build.sketchWarnings).toHaveLength(1);
    expect(build.sketchWarnings[0]).toMatchObject({ line: 3, severity: 'warning' });
    expect(build.sketchWarnings[0]!.message).toContain("unused parameter 'unused'");
  });

  it('fails with the compiler error when a sketch does not compile', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-broken-'));
    try {
      const sketchPath = path.join(dir, 'broken.ino');
      writeFileSync(sketchPath, 'void setup() { undeclared(); }\nvoid loop() {}\n');
      await expect(compileSketch({ sketchPath })).rejects.toThrow(/'undeclared' was not declared/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('avr-size output', () => {
  it('is read as flash and static RAM bytes', () => {
    const output = 'AVR Memory Usage\n----------------\nDevice: atmega328p\n\nProgram:    1466 bytes (4.5% Full)\n(.text + .data + .bootloader)\n\nData:        184 bytes (9.0% Full)\n(.data + .bss + .noinit)\n';
    expect(parseAvrSize(output)).toEqual({ flashBytes: 1466, staticRamBytes: 184 });
  });
});
