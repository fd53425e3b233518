import type { KeyValueStorage } from '../src/core/event-store.ts';

/** A Web-Storage-shaped map, as localStorage is in a browser, for the core's unit tests. */
export function memoryStorage(): KeyValueStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}
