// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor): the same bit-serial loop is a
// dozen AVR instructions, so the device needs no table. Check value: "123456789" → 0x29B1.
// The bridge checks every frame it reads, so it uses the byte-wise table form of the same CRC.

export const CRC16_INIT = 0xffff;

export function crc16Update(crc: number, byte: number): number {
  let value = crc ^ (byte << 8);
  for (let bit = 0; bit < 8; bit++) {
    value = value & 0x8000 ? (value << 1) ^ 0x1021 : value << 1;
  }
  return value & 0xffff;
}

/** TABLE[n] is the CRC register after shifting the byte n through it from zero (crc16Update(0, n)). */
const TABLE = Uint16Array.from({ length: 256 }, (_, byte) => crc16Update(0, byte));

/** CRC over an ASCII string (frames are printable ASCII, one char = one byte). */
export function crc16(text: string, crc = CRC16_INIT): number {
  let value = crc;
  for (let index = 0; index < text.length; index++) {
    value = ((value << 8) & 0xffff) ^ TABLE[((value >> 8) ^ text.charCodeAt(index)) & 0xff]!;
  }
  return value;
}

/** Four upper-case hex digits, as the frames carry it. */
export function crc16Hex(text: string): string {
  return crc16(text).toString(16).toUpperCase().padStart(4, '0');
}
