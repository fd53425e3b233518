import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { footprintTable, listExamples, measureFootprints } from './footprint-report.ts';

describe('the footprint of every Arduino example on the Uno', () => {
  it('builds every example with zero library warnings and no heap, and reports the struct-event serial example against its budget', async () => {
    const examples = listExamples();
    expect(examples.map((example) => example.name)).toContain('StructEventSerial');
    const report = await measureFootprints();
    process.stdout.write(`${footprintTable(report)}\n`);
    expect(report.examples).toHaveLength(examples.length);
    for (const row of report.examples) {
      expect({ example: row.example, libraryWarnings: row.libraryWarnings }).toEqual({ example: row.example, libraryWarnings: 0 });
      // An Uno has 32,256 bytes of flash after the bootloader and 2,048 bytes of RAM, with room left for the stack.
      expect(row.footprint.flashBytes).toBeLessThanOrEqual(32_256);
      expect(row.footprint.staticRamBytes).toBeLessThanOrEqual(1_536);
    }
    const structEvent = report.examples.find((row) => row.example === 'StructEventSerial')!;
    expect(structEvent.libraryShare, 'the library ships test/footprint/StructEventSerialBaseline').toBeDefined();
    // The issue 7 budget: the tracker's share of the struct-event serial example (the example minus its baseline
    // sketch) is at most +2,400 B of flash and +256 B of static RAM (measured +2,392 B / +250 B; +3,570 B before the
    // size work).
    expect(structEvent.libraryShare!.staticRamBytes).toBeLessThanOrEqual(256);
    expect(structEvent.libraryShare!.flashBytes).toBeLessThanOrEqual(2_400);
    for (const row of report.examples) {
      const symbols = execFileSync('avr-nm', ['-C', row.elfPath], { encoding: 'utf8' });
      expect(symbols, `${row.example} links a heap allocator`).not.toMatch(/\b(malloc|free|operator new|operator delete)\b/);
    }
    expect(structEvent.withinBudget).toBe(true);
  });

  it('renders the table with the empty Serial sketch first and one row per example', async () => {
    const table = footprintTable({
      emptySerial: { flashBytes: 1442, staticRamBytes: 184 },
      examples: [{
        example: 'StructEventSerial', sketchPath: 'x.ino', hexPath: 'x.hex', elfPath: 'x.elf', libraryWarnings: 0,
        footprint: { flashBytes: 3800, staticRamBytes: 400 }, overEmptySerial: { flashBytes: 2358, staticRamBytes: 216 },
        libraryShare: { flashBytes: 2300, staticRamBytes: 210 }, budget: { flashBytes: 2400, staticRamBytes: 256 }, withinBudget: true,
      }],
    });
    expect(table.split('\n')).toEqual([
      expect.stringContaining('| sketch'),
      expect.stringMatching(/^\|---/),
      '| empty sketch with `Serial.begin` | 1,442 | 184 | – | – | – | – |',
      '| `StructEventSerial` | 3,800 | 400 | +2,358 / +216 | +2,300 / +210 | ≤ +2,400 / ≤ +256: **within** | 0 |',
    ]);
  });
});
