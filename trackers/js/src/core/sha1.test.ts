import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1 } from './sha1.ts';

describe('sha1', () => {
  it('matches node:crypto across block boundaries and for non-ASCII text', () => {
    for (const text of ['', 'abc', 'localhost/', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'x'.repeat(119), 'é€😀/path', 'a'.repeat(1000)]) {
      expect(sha1(text)).toBe(createHash('sha1').update(text).digest('hex'));
    }
  });
});
