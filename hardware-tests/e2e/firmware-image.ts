// Firmware images for fleets: one build of an example, serialised per board by patching its device id string in
// the program image (as a factory writes serial numbers into flash), so twenty boards need one compile.
import { readFileSync } from 'node:fs';
import { readIntelHex } from '../sim/intel-hex.ts';

export function loadProgram(hexPath: string): Uint8Array {
  return readIntelHex(readFileSync(hexPath, 'utf8'));
}

/**
 * Returns a copy of `program` with the NUL-terminated string `from` replaced by `to` (same length, since code
 * addresses the string by its fixed position). Fails unless `from` occurs exactly once.
 */
export function withDeviceId(program: Uint8Array, from: string, to: string): Uint8Array {
  if (to.length !== from.length) throw new Error(`device id "${to}" must have the length of "${from}" (${from.length})`);
  const needle = Buffer.from(`${from}\0`, 'latin1');
  const image = Buffer.from(program);
  const first = image.indexOf(needle);
  if (first < 0) throw new Error(`device id "${from}" not found in the firmware image`);
  if (image.indexOf(needle, first + 1) >= 0) throw new Error(`device id "${from}" occurs more than once in the firmware image`);
  image.write(to, first, 'latin1');
  return new Uint8Array(image.buffer, image.byteOffset, image.byteLength);
}
