import { describe, expect, it } from 'vitest';
import { createEventStore } from './event-store.ts';
import { memoryStorage } from '../../test/memory-storage.ts';
const event = (eid: string, extra = '') => ({ payload: { e: 'pv', eid, page: extra } });

describe('the event store', () => {
  it('keeps events across a reload when backed by storage', () => {
    const storage = memoryStorage();
    const first = createEventStore({ _maxEvents: 10, _maxBytes: 10000, _storage: () => storage, _key: 'q' });
    const a = event('a');
    first._add(a);
    first._add(event('b'));
    first._remove([a]);
    const reloaded = createEventStore({ _maxEvents: 10, _maxBytes: 10000, _storage: () => storage, _key: 'q' });
    expect(reloaded._events().map((e) => e.payload.eid)).toEqual(['b']);
  });

  it('refuses events past its caps in events and in bytes', () => {
    const byCount = createEventStore({ _maxEvents: 2, _maxBytes: 10000, _key: 'q' });
    expect([byCount._add(event('a')), byCount._add(event('b')), byCount._add(event('c'))]).toEqual([true, true, false]);
    const byBytes = createEventStore({ _maxEvents: 100, _maxBytes: 120, _key: 'q' });
    expect(byBytes._add(event('a', 'é'.repeat(20)))).toBe(true);
    expect(byBytes._add(event('b', 'é'.repeat(20)))).toBe(false);
  });

  it('adds an event already queued only once', () => {
    const store = createEventStore({ _maxEvents: 10, _maxBytes: 10000, _key: 'q' });
    store._add(event('a'));
    store._add(event('a'));
    expect(store._events()).toHaveLength(1);
  });

  it('starts empty from unreadable storage and keeps working when storage throws', () => {
    const storage = memoryStorage();
    storage.items.set('q', '{not json');
    const store = createEventStore({ _maxEvents: 10, _maxBytes: 10000, _storage: () => storage, _key: 'q' });
    expect(store._events()).toEqual([]);
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(store._add(event('a'))).toBe(true);
    expect(store._events()).toHaveLength(1);
  });

  it('keeps the queue in memory when the storage getter itself throws (blocked localStorage)', () => {
    const store = createEventStore({
      _maxEvents: 10,
      _maxBytes: 10000,
      _storage: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      _key: 'q',
    });
    const a = event('a');
    expect(store._add(a)).toBe(true);
    expect(store._events()).toEqual([a]);
    store._remove([a]);
    expect(store._events()).toEqual([]);
  });
});
