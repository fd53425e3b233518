// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor): the same bit-serial loop is a
// dozen AVR instructions, so the device needs no table. Check value: "123456789" → 0x29B1.

export const CRC16_INIT = 0xffff;

export function crc16Update(crc: number, byte: number): number {
  let value = crc ^ (byte << 8);
  for (let bit = 0; bit < 8; bit++) {
    value = value & 0x8000 ? (value << 1) ^ 0x1021 : value << 1;
  }
  return value & 0xffff;
}

/** CRC over an ASCII string (frames are printable ASCII, one char = one byte). */
export function crc16(text: string, crc = CRC16_INIT): number {
  let value = crc;
  for (let index = 0; index < text.length; index++) value = crc16Update(value, text.charCodeAt(index) & 0xff);
  return value;
}

/** Four upper-case hex digits, as the frames carry it. */
export function crc16Hex(text: string): string {
  return crc16(text).toString(16).toUpperCase().padStart(4, '0');
}
