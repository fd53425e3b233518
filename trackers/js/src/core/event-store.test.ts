import { describe, expect, it } from 'vitest';
import { createEventStore } from './event-store.ts';
import { memoryStorage } from '../../test/memory-storage.ts';
const event = (eid: string, extra = '') => ({ payload: { e: 'pv', eid, page: extra } });

describe('the event store', () => {
  it('keeps events across a reload when backed by storage', () => {
    const storage = memoryStorage();
    const first = createEventStore({ maxEvents: 10, maxBytes: 10000, storage, key: 'q' });
    first.add(event('a'));
    first.add(event('b'));
    first.remove(['a']);
    const reloaded = createEventStore({ maxEvents: 10, maxBytes: 10000, storage, key: 'q' });
    expect(reloaded.events().map((e) => e.payload.eid)).toEqual(['b']);
  });

  it('refuses events past its caps in events and in bytes', () => {
    const byCount = createEventStore({ maxEvents: 2, maxBytes: 10000, key: 'q' });
    expect([byCount.add(event('a')), byCount.add(event('b')), byCount.add(event('c'))]).toEqual([true, true, false]);
    const byBytes = createEventStore({ maxEvents: 100, maxBytes: 120, key: 'q' });
    expect(byBytes.add(event('a', 'é'.repeat(20)))).toBe(true);
    expect(byBytes.add(event('b', 'é'.repeat(20)))).toBe(false);
  });

  it('adds an event already queued only once', () => {
    const store = createEventStore({ maxEvents: 10, maxBytes: 10000, key: 'q' });
    store.add(event('a'));
    store.add(event('a'));
    expect(store.events()).toHaveLength(1);
  });

  it('starts empty from unreadable storage and keeps working when storage throws', () => {
    const storage = memoryStorage();
    storage.items.set('q', '{not json');
    const store = createEventStore({ maxEvents: 10, maxBytes: 10000, storage, key: 'q' });
    expect(store.events()).toEqual([]);
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(store.add(event('a'))).toBe(true);
    expect(store.events()).toHaveLength(1);
  });
});
