// Builds every example for the Arduino Uno with avr-gcc (-Wall -Wextra, LTO, no prototype generation) and measures
// the tracker's share of the struct-event serial example: (example) − (the same sketch without the tracker).
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSketch, SNOWLINE_LIBRARY_DIR, type SketchBuild } from './avr-build.ts';

const EXAMPLES_DIR = path.join(SNOWLINE_LIBRARY_DIR, 'examples');
const examples = readdirSync(EXAMPLES_DIR);
const outDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-avr-'));

// The budget for StructEventSerial's tracker share (retransmission buffer included, no heap) is +2,400 B flash and
// +256 B RAM. RAM is within it; flash is not yet (+3,156 B measured, see README.md "Footprint"), so this test guards
// the measured share against growth, and docs/hardware.md reports the budget as not met until it is.
const RAM_BUDGET_BYTES = 256;
const FLASH_CEILING_BYTES = 3200;

const builds = new Map<string, SketchBuild>();

describe('Arduino examples on an Uno (avr-gcc)', () => {
  beforeAll(async () => {
    for (const name of examples) {
      builds.set(name, await buildSketch({ sketchPath: path.join(EXAMPLES_DIR, name, `${name}.ino`), outDir: path.join(outDir, name) }));
    }
  }, 180_000);

  it.each(examples)('builds %s without a warning, within the Uno flash and RAM', (name) => {
    const build = builds.get(name)!;
    expect(build.warnings).toBe('');
    expect(build.flashBytes).toBeLessThan(32_256);
    expect(build.ramBytes).toBeLessThan(2048);
  });

  it('links no heap allocator into any example', async () => {
    const { execFileSync } = await import('node:child_process');
    for (const [name, build] of builds) {
      const symbols = execFileSync('avr-nm', ['-C', build.elfPath], { encoding: 'utf8' });
      expect(symbols, name).not.toMatch(/\b(malloc|free|operator new|operator delete)\b/);
    }
  });

  it('keeps the struct-event serial example within its RAM budget, and its flash share from growing', async () => {
    const example = builds.get('StructEventSerial')!;
    const baseline = await buildSketch({
      sketchPath: path.join(SNOWLINE_LIBRARY_DIR, 'test/footprint/StructEventSerialBaseline/StructEventSerialBaseline.ino'),
      outDir: path.join(outDir, 'baseline'),
      libraries: [],
    });
    const flash = example.flashBytes - baseline.flashBytes;
    const ram = example.ramBytes - baseline.ramBytes;
    console.log(`StructEventSerial footprint: +${flash} B flash, +${ram} B static RAM (example ${example.flashBytes}/${example.ramBytes}, baseline ${baseline.flashBytes}/${baseline.ramBytes})`);
    expect(ram).toBeLessThanOrEqual(RAM_BUDGET_BYTES);
    expect(flash).toBeLessThanOrEqual(FLASH_CEILING_BYTES);
  });
});
