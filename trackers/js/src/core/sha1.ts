// SHA-1, only to name the first-party cookies exactly as the official tracker does (`_sp_id.<4 hex of
// sha1(domain + path)>`), so a site that switches trackers keeps its visitors' ids. Not used for security.

const rotateLeft = (value: number, bits: number): number => (value << bits) | (value >>> (32 - bits));

/** Round constants, one per 20 rounds: the square roots of 2, 3, 5 and 10 times 2^30. */
const ROUND_CONSTANTS = [2, 3, 5, 10].map((n) => (Math.sqrt(n) * 2 ** 30) | 0);

export function sha1(text: string): string {
  // One char per UTF-8 byte, packed big-endian into 32-bit words, then the 0x80 end mark and the bit length
  // in the last word of the last 64-byte block. Words never written read as undefined, which bit operators take as 0.
  const bytes = unescape(encodeURIComponent(text));
  const length = bytes.length;
  const words: number[] = [];
  for (let i = 0; i <= length; i++) words[i >> 2]! |= (i < length ? bytes.charCodeAt(i) : 0x80) << (24 - (i % 4) * 8);
  words[(((length + 8) >> 6) + 1) * 16 - 1] = length * 8;
  // 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0: the middle two are the outer two inverted.
  let hash = [0x67452301, ~0x10325476, ~0x67452301, 0x10325476, 0xc3d2e1f0];
  for (let block = 0; block < words.length; block += 16) {
    const schedule = words.slice(block, block + 16);
    let [a, b, c, d, e] = hash as [number, number, number, number, number];
    for (let j = 0; j < 80; j++) {
      if (j > 15) schedule[j] = rotateLeft(schedule[j - 3]! ^ schedule[j - 8]! ^ schedule[j - 14]! ^ schedule[j - 16]!, 1);
      const mix = j < 20 ? (b & c) | (~b & d) : j < 40 || j > 59 ? b ^ c ^ d : (b & c) | (b & d) | (c & d);
      [a, b, c, d, e] = [(rotateLeft(a, 5) + mix + e + ROUND_CONSTANTS[(j / 20) | 0]! + (schedule[j]! | 0)) | 0, a, rotateLeft(b, 30), c, d];
    }
    hash = [a, b, c, d, e].map((value, i) => (hash[i]! + value) | 0);
  }
  return hash.map((value) => (value >>> 0).toString(16).padStart(8, '0')).join('');
}
