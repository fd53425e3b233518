// A bounded cache for per-string parses (user agents, bot verdicts, parameter orders), holding at most
// `capacity` entries rounded down to an even number, except that capacity 1 holds 2 (each of the two generations
// holds floor(capacity / 2) entries, at least one; capacity 0 holds nothing). It keeps two
// generations of Maps: hits in the current one cost a single lookup, hits in the previous one are promoted, and
// when the current one is full the previous one is dropped whole. That keeps what was used recently, like an LRU,
// without the delete-and-reinsert a Map-ordered LRU does on every hit (which was a visible share of enriching an
// event).

export class LruCache<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();
  private readonly generationSize: number;

  constructor(private readonly capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const old = this.previous.get(key);
    if (old !== undefined) this.store(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    this.store(key, value);
  }

  private store(key: K, value: V): void {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }

  /** Entries held (at most the capacity; an entry promoted from the previous generation may count twice). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
