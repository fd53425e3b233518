// The footprint report: every example of the Arduino library built for the Uno, its flash and static RAM, the
// library's own share, and the check against the budget of the Arduino tracker issue. The share is measured as
// (example) - (the same sketch without the tracker) when the library provides that baseline sketch in
// test/footprint/<Example>Baseline/, as the budget defines it; the column against an empty sketch with Serial
// shows what a user pays over the bare minimum.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSketch } from '../build/compile-sketch.ts';
import type { Footprint } from '../build/footprint.ts';

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARDUINO_LIBRARY_DIR = path.join(REPOSITORY_ROOT, 'trackers/arduino');
export const EMPTY_SERIAL_SKETCH = path.join(REPOSITORY_ROOT, 'hardware-tests/fixtures/empty-serial/empty-serial.ino');

/** From the Arduino tracker issue: the struct-event serial example adds at most this much. */
export const FOOTPRINT_BUDGETS: Readonly<Record<string, Footprint>> = {
  StructEventSerial: { flashBytes: 2400, staticRamBytes: 256 },
};

export interface ExampleFootprint {
  readonly example: string;
  readonly sketchPath: string;
  readonly footprint: Footprint;
  readonly overEmptySerial: Footprint;
  /** (example) - (same sketch without the tracker), when the library has that baseline sketch. */
  readonly libraryShare?: Footprint;
  readonly budget?: Footprint;
  readonly withinBudget?: boolean;
  readonly libraryWarnings: number;
  readonly hexPath: string;
  readonly elfPath: string;
}

export interface FootprintReport {
  readonly emptySerial: Footprint;
  readonly examples: readonly ExampleFootprint[];
}

export function listExamples(libraryDir = ARDUINO_LIBRARY_DIR): Array<{ name: string; sketchPath: string }> {
  const examplesDir = path.join(libraryDir, 'examples');
  if (!existsSync(examplesDir)) return [];
  return readdirSync(examplesDir)
    .sort()
    .map((name) => ({ name, sketchPath: path.join(examplesDir, name, `${name}.ino`) }))
    .filter((example) => existsSync(example.sketchPath));
}

const minus = (a: Footprint, b: Footprint): Footprint => ({
  flashBytes: a.flashBytes - b.flashBytes,
  staticRamBytes: a.staticRamBytes - b.staticRamBytes,
});

export async function measureFootprints(libraryDir = ARDUINO_LIBRARY_DIR): Promise<FootprintReport> {
  const emptySerial = (await compileSketch({ sketchPath: EMPTY_SERIAL_SKETCH })).footprint;
  const examples: ExampleFootprint[] = [];
  // One at a time: each build already compiles its units in parallel.
  for (const { name, sketchPath } of listExamples(libraryDir)) {
    const build = await compileSketch({ sketchPath, libraryDir });
    const baselinePath = path.join(libraryDir, 'test/footprint', `${name}Baseline`, `${name}Baseline.ino`);
    const baseline = existsSync(baselinePath) ? (await compileSketch({ sketchPath: baselinePath })).footprint : undefined;
    const libraryShare = baseline ? minus(build.footprint, baseline) : undefined;
    const budget = FOOTPRINT_BUDGETS[name];
    const measured = libraryShare ?? minus(build.footprint, emptySerial);
    examples.push({
      example: name,
      sketchPath,
      footprint: build.footprint,
      overEmptySerial: minus(build.footprint, emptySerial),
      libraryShare,
      budget,
      withinBudget: budget ? measured.flashBytes <= budget.flashBytes && measured.staticRamBytes <= budget.staticRamBytes : undefined,
      libraryWarnings: build.libraryWarnings.length,
      hexPath: build.hexPath,
      elfPath: build.elfPath,
    });
  }
  return { emptySerial, examples };
}

const bytes = (value: number) => value.toLocaleString('en-US');
const signed = (value: number) => (value >= 0 ? `+${bytes(value)}` : `−${bytes(-value)}`);

export function footprintTable(report: FootprintReport): string {
  const lines = [
    '| sketch (Arduino Uno, avr-gcc 5.4 -Os LTO) | flash B | static RAM B | over empty Serial sketch (flash / RAM) | library share (flash / RAM) | budget (flash / RAM) | library warnings |',
    '|---|---:|---:|---:|---:|---|---:|',
    `| empty sketch with \`Serial.begin\` | ${bytes(report.emptySerial.flashBytes)} | ${bytes(report.emptySerial.staticRamBytes)} | – | – | – | – |`,
  ];
  for (const row of report.examples) {
    const share = row.libraryShare ? `${signed(row.libraryShare.flashBytes)} / ${signed(row.libraryShare.staticRamBytes)}` : '–';
    const budget = row.budget
      ? `≤ +${bytes(row.budget.flashBytes)} / ≤ +${bytes(row.budget.staticRamBytes)}: ${row.withinBudget ? '**within**' : '**OVER**'}`
      : '–';
    lines.push(
      `| \`${row.example}\` | ${bytes(row.footprint.flashBytes)} | ${bytes(row.footprint.staticRamBytes)} | ` +
        `${signed(row.overEmptySerial.flashBytes)} / ${signed(row.overEmptySerial.staticRamBytes)} | ${share} | ${budget} | ${row.libraryWarnings} |`,
    );
  }
  return lines.join('\n');
}
