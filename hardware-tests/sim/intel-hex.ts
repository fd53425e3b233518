// Reads Intel HEX (what avr-objcopy -O ihex writes) into a flat program image.

const FLASH_BYTES_ATMEGA328P = 32 * 1024;

/**
 * Returns the program bytes (unwritten flash reads as 0xFF, as on an erased chip). Checks every record's
 * checksum: a corrupted file is an error, not a firmware that crashes mysteriously in the simulator.
 */
export function readIntelHex(text: string, flashBytes = FLASH_BYTES_ATMEGA328P): Uint8Array {
  const image = new Uint8Array(flashBytes).fill(0xff);
  let base = 0;
  let highest = 0;
  const lines = text.split(/\r?\n/);
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (!line.startsWith(':') || line.length < 11 || line.length % 2 === 0) throw new Error(`Intel HEX line ${index + 1}: malformed record`);
    const bytes = Buffer.from(line.slice(1), 'hex');
    const count = bytes[0]!;
    if (bytes.length !== count + 5) throw new Error(`Intel HEX line ${index + 1}: length ${count} does not match the record`);
    const sum = bytes.reduce((total, byte) => (total + byte) & 0xff, 0);
    if (sum !== 0) throw new Error(`Intel HEX line ${index + 1}: bad checksum`);
    const address = (bytes[1]! << 8) | bytes[2]!;
    const type = bytes[3]!;
    const data = bytes.subarray(4, 4 + count);
    switch (type) {
      case 0x00: {
        const start = base + address;
        if (start + count > flashBytes) throw new Error(`Intel HEX line ${index + 1}: data beyond ${flashBytes} bytes of flash`);
        image.set(data, start);
        highest = Math.max(highest, start + count);
        break;
      }
      case 0x01:
        return image;
      case 0x02:
        base = ((data[0]! << 8) | data[1]!) * 16;
        break;
      case 0x04:
        base = ((data[0]! << 8) | data[1]!) << 16;
        break;
      case 0x03:
      case 0x05:
        break; // start addresses: the AVR always starts at 0
      default:
        throw new Error(`Intel HEX line ${index + 1}: unknown record type ${type}`);
    }
  }
  if (highest === 0) throw new Error('Intel HEX: no data records');
  return image;
}
