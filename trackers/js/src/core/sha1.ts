// SHA-1, only to name the first-party cookies exactly as the official tracker does (`_sp_id.<4 hex of
// sha1(domain + path)>`), so a site that switches trackers keeps its visitors' ids. Not used for security.

const rotateLeft = (value: number, bits: number): number => (value << bits) | (value >>> (32 - bits));

export function sha1(text: string): string {
  // One char per UTF-8 byte.
  const bytes = unescape(encodeURIComponent(text));
  const length = bytes.length;
  const wordCount = (((length + 8) >> 6) + 1) * 16;
  const words: number[] = [];
  for (let i = 0; i < wordCount; i++) words[i] = 0;
  for (let i = 0; i <= length; i++) words[i >> 2]! |= (i < length ? bytes.charCodeAt(i) : 0x80) << (24 - (i % 4) * 8);
  words[wordCount - 1] = length * 8;
  let hash = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  for (let block = 0; block < wordCount; block += 16) {
    const schedule: number[] = [];
    let [a, b, c, d, e] = hash as [number, number, number, number, number];
    for (let j = 0; j < 80; j++) {
      schedule[j] = j < 16 ? words[block + j]! : rotateLeft(schedule[j - 3]! ^ schedule[j - 8]! ^ schedule[j - 14]! ^ schedule[j - 16]!, 1);
      const round = j < 20 ? ((b & c) | (~b & d)) + 0x5a827999 : j < 40 ? (b ^ c ^ d) + 0x6ed9eba1 : j < 60 ? ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc : (b ^ c ^ d) + 0xca62c1d6;
      [a, b, c, d, e] = [(rotateLeft(a, 5) + round + e + schedule[j]!) | 0, a, rotateLeft(b, 30), c, d];
    }
    hash = [a, b, c, d, e].map((value, i) => (hash[i]! + value) | 0);
  }
  return hash.map((value) => (value >>> 0).toString(16).padStart(8, '0')).join('');
}
