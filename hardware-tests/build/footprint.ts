// Flash and static RAM of a linked firmware, as `avr-size -C` reports them (the numbers the Arduino IDE prints).
import { runTool } from './run-compiler.ts';

export interface Footprint {
  /** .text + .data + .bootloader: what the sketch costs in flash. */
  readonly flashBytes: number;
  /** .data + .bss + .noinit: RAM taken before the stack and heap. */
  readonly staticRamBytes: number;
}

export function parseAvrSize(output: string): Footprint {
  const program = /Program:\s+(\d+) bytes/.exec(output);
  const data = /Data:\s+(\d+) bytes/.exec(output);
  if (!program || !data) throw new Error(`unexpected avr-size output:\n${output}`);
  return { flashBytes: Number(program[1]), staticRamBytes: Number(data[1]) };
}

export async function measureFootprint(sizeTool: string, elfPath: string, mcu: string): Promise<Footprint> {
  const { stdout } = await runTool(sizeTool, ['-C', `--mcu=${mcu}`, elfPath], 'avr-size');
  return parseAvrSize(stdout);
}
