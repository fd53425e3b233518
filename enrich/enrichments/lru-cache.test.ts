import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache.ts';

describe('the parse cache', () => {
  it('never holds more than its capacity, however many keys pass through', () => {
    const cache = new LruCache<string, number>(100);
    for (let index = 0; index < 10_000; index++) {
      cache.set(`k${index}`, index);
      expect(cache.size).toBeLessThanOrEqual(100);
    }
  });

  it('keeps a key that is used again and again while others come and go', () => {
    const cache = new LruCache<string, number>(10);
    cache.set('hot', 1);
    for (let index = 0; index < 1000; index++) {
      cache.set(`cold${index}`, index);
      expect(cache.get('hot')).toBe(1);
    }
    expect(cache.get('cold0')).toBeUndefined();
    expect(cache.get('cold999')).toBe(999);
  });

  it('caches nothing with capacity 0', () => {
    const cache = new LruCache<string, number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});
