// A minimal MaxMind DB (MMDB 2.0) writer, so tests (and users who want a small local database) can build real
// databases that the `maxmind` reader opens: an IPv6 search tree with 24-bit records (IPv4 networks live under
// ::/96, where readers look them up), a data section, and the metadata block.

import { isIPv4 } from 'node:net';

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbNetwork {
  /** CIDR, IPv4 (`192.0.2.0/24`) or IPv6 (`2001:db8::/32`). */
  readonly network: string;
  readonly data: { [key: string]: MmdbValue };
}

function controlBytes(type: number, size: number): Buffer {
  const head: number[] = [];
  let sizeBits: number;
  const extra: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 285) {
    sizeBits = 29;
    extra.push(size - 29);
  } else if (size < 65821) {
    sizeBits = 30;
    const rest = size - 285;
    extra.push(rest >> 8, rest & 0xff);
  } else {
    sizeBits = 31;
    const rest = size - 65821;
    extra.push((rest >> 16) & 0xff, (rest >> 8) & 0xff, rest & 0xff);
  }
  if (type <= 7) head.push((type << 5) | sizeBits);
  else head.push(sizeBits, type - 7);
  return Buffer.from([...head, ...extra]);
}

function unsignedBytes(value: bigint): Buffer {
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  return Buffer.from(bytes);
}

export function encodeMmdbValue(value: MmdbValue | bigint): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([controlBytes(2, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return controlBytes(14, value ? 1 : 0);
  if (typeof value === 'bigint') {
    const bytes = unsignedBytes(value);
    return Buffer.concat([controlBytes(9, bytes.length), bytes]);
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) {
      const bytes = unsignedBytes(BigInt(value));
      return Buffer.concat([controlBytes(value <= 0xffff ? 5 : 6, bytes.length), bytes]);
    }
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
    return Buffer.concat([controlBytes(3, 8), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([controlBytes(11, value.length), ...value.map((item) => encodeMmdbValue(item))]);
  const entries = Object.entries(value);
  return Buffer.concat([controlBytes(7, entries.length), ...entries.flatMap(([key, item]) => [encodeMmdbValue(key), encodeMmdbValue(item)])]);
}

function networkBits(network: string): { bits: number[]; prefix: number } {
  const [address, prefixText] = network.split('/');
  const bits: number[] = new Array(128).fill(0);
  if (isIPv4(address!)) {
    const octets = address!.split('.').map(Number);
    octets.forEach((octet, index) => {
      for (let bit = 0; bit < 8; bit++) bits[96 + index * 8 + bit] = (octet >> (7 - bit)) & 1;
    });
    return { bits, prefix: 96 + Number(prefixText ?? 32) };
  }
  const [head, tail] = address!.includes('::') ? address!.split('::') : [address!, ''];
  const headParts = head === '' ? [] : head!.split(':');
  const tailParts = tail === '' || tail === undefined ? [] : tail.split(':');
  const parts = [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts].map((part) => parseInt(part, 16));
  parts.forEach((segment, index) => {
    for (let bit = 0; bit < 16; bit++) bits[index * 16 + bit] = (segment >> (15 - bit)) & 1;
  });
  return { bits, prefix: Number(prefixText ?? 128) };
}

type Record = { kind: 'empty' } | { kind: 'node'; index: number } | { kind: 'data'; offset: number };

export function writeMmdb(options: { databaseType: string; networks: readonly MmdbNetwork[]; buildEpochSeconds?: number }): Buffer {
  const nodes: [Record, Record][] = [[{ kind: 'empty' }, { kind: 'empty' }]];
  const dataChunks: Buffer[] = [];
  let dataLength = 0;
  for (const { network, data } of options.networks) {
    const encoded = encodeMmdbValue(data);
    const offset = dataLength;
    dataChunks.push(encoded);
    dataLength += encoded.length;
    const { bits, prefix } = networkBits(network);
    let node = 0;
    for (let depth = 0; depth < prefix - 1; depth++) {
      const side = bits[depth]!;
      const record = nodes[node]![side]!;
      if (record.kind === 'node') {
        node = record.index;
        continue;
      }
      nodes.push([{ kind: 'empty' }, { kind: 'empty' }]);
      nodes[node]![side] = { kind: 'node', index: nodes.length - 1 };
      node = nodes.length - 1;
    }
    nodes[node]![bits[prefix - 1]!] = { kind: 'data', offset };
  }
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 6);
  const recordValue = (record: Record) =>
    record.kind === 'node' ? record.index : record.kind === 'empty' ? nodeCount : nodeCount + 16 + record.offset;
  nodes.forEach(([left, right], index) => {
    tree.writeUIntBE(recordValue(left), index * 6, 3);
    tree.writeUIntBE(recordValue(right), index * 6 + 3, 3);
  });
  const metadata = Buffer.concat([
    controlBytes(7, 9),
    encodeMmdbValue('node_count'), encodeMmdbValue(nodeCount),
    encodeMmdbValue('record_size'), encodeMmdbValue(24),
    encodeMmdbValue('ip_version'), encodeMmdbValue(6),
    encodeMmdbValue('database_type'), encodeMmdbValue(options.databaseType),
    encodeMmdbValue('languages'), encodeMmdbValue(['en']),
    encodeMmdbValue('binary_format_major_version'), encodeMmdbValue(2),
    encodeMmdbValue('binary_format_minor_version'), encodeMmdbValue(0),
    encodeMmdbValue('build_epoch'), encodeMmdbValue(BigInt(options.buildEpochSeconds ?? 1_700_000_000)),
    encodeMmdbValue('description'), encodeMmdbValue({ en: 'Snowline test database' }),
  ]);
  return Buffer.concat([tree, Buffer.alloc(16), ...dataChunks, Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'), metadata]);
}
