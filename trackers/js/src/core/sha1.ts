// SHA-1, only to name the first-party cookies exactly as the official tracker does (`_sp_id.<4 hex of
// sha1(domain + path)>`), so a site that switches trackers keeps its visitors' ids. Not used for security.
// Written for size (sp.js carries it): the state is one array rotated each round, and only the first 4 hex
// digits, all the cookie names use, are returned.

import { utf8Bytes } from './payload.ts';

const rotateLeft = (value: number, bits: number): number => (value << bits) | (value >>> (32 - bits));

/** The first 4 hex digits of the SHA-1 of the UTF-8 bytes of `text`. */
export function sha1Prefix(text: string): string {
  // The UTF-8 bytes packed big-endian into 32-bit words, then the 0x80 end mark and the bit length in the last
  // word of the last 64-byte block. Words never written read as undefined, which bit operators take as 0.
  const bytes = utf8Bytes(text);
  const length = bytes.length;
  const words: number[] = [];
  for (let i = 0; i <= length; i++) words[i >> 2]! |= (i < length ? bytes[i]! : 128) << (24 - (i % 4) * 8);
  words[(((length + 8) >> 6) << 4) + 15] = length * 8;
  // 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0: the middle two are the outer two inverted.
  let hash = [0x67452301, ~0x10325476, ~0x67452301, 0x10325476, 0xc3d2e1f0];
  for (let block = 0; block < words.length; block += 16) {
    const schedule: number[] = [];
    let [a, b, c, d, e] = hash as [number, number, number, number, number];
    for (let j = 0; j < 80; j++) {
      const round = (j / 20) | 0;
      schedule[j] = j < 16 ? words[block + j]! | 0 : rotateLeft(schedule[j - 3]! ^ schedule[j - 8]! ^ schedule[j - 14]! ^ schedule[j - 16]!, 1);
      // Choose, parity, majority, parity; the round constants are the square roots of 2, 3, 5 and 10 times 2^30.
      const mix = [d ^ (b & (c ^ d)), b ^ c ^ d, (b & c) | (d & (b | c)), b ^ c ^ d][round]!;
      [a, b, c, d, e] = [(rotateLeft(a, 5) + mix + e + ((Math.sqrt([2, 3, 5, 10][round]!) * 2 ** 30) | 0) + schedule[j]!) | 0, a, rotateLeft(b, 30), c, d];
    }
    hash = [a, b, c, d, e].map((value, i) => (hash[i]! + value) | 0);
  }
  return (hash[0]! >>> 16).toString(16).padStart(4, '0');
}
