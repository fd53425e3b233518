import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1Prefix } from './sha1.ts';

describe('sha1Prefix', () => {
  it('gives the first 4 hex digits of node:crypto SHA-1, across block boundaries and for non-ASCII text', () => {
    const texts = ['', 'abc', 'localhost/', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'x'.repeat(119), 'é€😀/path', 'a'.repeat(1000)];
    // Leading zeros kept: three texts whose hash starts with a 0 digit.
    for (let i = 0, found = 0; found < 3; i++) {
      const text = 'example' + i + '.com/';
      if (createHash('sha1').update(text).digest('hex').startsWith('0')) texts.push(text), found++;
    }
    for (const text of texts) expect(sha1Prefix(text)).toBe(createHash('sha1').update(text).digest('hex').slice(0, 4));
  });
});
