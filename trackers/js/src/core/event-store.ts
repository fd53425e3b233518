// The queue of events waiting to be sent. In memory, or mirrored to a key-value storage (the browser's
// localStorage) so that events survive reloads and offline periods. Capped in events and in bytes: past a cap
// the new event is refused and the caller reports it, so nothing is dropped silently.
import { jsonBytes, type Payload } from './payload.ts';

export interface StoredEvent {
  payload: Payload;
  /** Sent with `SP-Anonymous: *` (server-side anonymisation); never batched with non-anonymous events. */
  anonymous?: boolean;
}

/** The part of the Web Storage API the store needs; `localStorage` satisfies it. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface EventStore {
  /** Appends an event; false when a cap refuses it. Adding an event already queued (same `eid`) is a no-op. */
  _add(event: StoredEvent): boolean;
  /** The queued events, oldest first. */
  _events(): readonly StoredEvent[];
  /** Removes these events (objects the store handed out or was given). */
  _remove(events: readonly StoredEvent[]): void;
}

export interface EventStoreOptions {
  _maxEvents: number;
  _maxBytes: number;
  /**
   * Returns where the queue is mirrored; none keeps it in memory only. Called at each read and write, inside the
   * store's error handling: it may throw, as the browser's localStorage getter does where storage is blocked.
   */
  _storage?: (() => KeyValueStorage) | null;
  /** Storage key of the queue. */
  _key: string;
}

function load(storage: EventStoreOptions['_storage'], key: string): StoredEvent[] {
  try {
    // Blocked storage, or anything but a list (unparsable, or another shape), throws here and gives an empty queue.
    return (JSON.parse(storage?.().getItem(key) ?? '[]') as StoredEvent[]).filter((event) => event?.payload?.eid);
  } catch {
    return [];
  }
}


export function createEventStore(options: EventStoreOptions): EventStore {
  let queue = load(options._storage, options._key);
  let bytes = jsonBytes(queue);

  function persist(): void {
    try {
      if (queue.length) options._storage?.().setItem(options._key, JSON.stringify(queue));
      else options._storage?.().removeItem(options._key);
    } catch {
      // Quota exceeded or storage disabled: the queue still works in memory for this page.
    }
  }

  return {
    _add(event) {
      if (queue.some((queued) => queued.payload.eid === event.payload.eid)) return true;
      const size = jsonBytes([event]);
      if (queue.length >= options._maxEvents || bytes + size > options._maxBytes) return false;
      queue.push(event);
      bytes += size;
      persist();
      return true;
    },
    _events: () => queue,
    _remove(events) {
      queue = queue.filter((event) => !events.includes(event));
      bytes = jsonBytes(queue);
      persist();
    },
  };
}
