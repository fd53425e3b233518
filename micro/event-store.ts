// Micro's in-memory store: a bounded ring of good events and bad rows, oldest dropped first, so memory stays flat
// however long Micro runs. Subscribers (the live stream) hear about every new record.
import type { BadEvent, GoodEvent, StoredEvent } from './micro-event.ts';
import type { EnrichedEvent } from '../enrich/index.ts';

export type StoreListener = (record: StoredEvent) => void;

export class MicroEventStore {
  readonly #maxEvents: number;
  #records: StoredEvent[] = [];
  #nextSeq = 1;
  #dropped = 0;
  readonly #listeners = new Set<StoreListener>();

  constructor(maxEvents: number) {
    if (!Number.isInteger(maxEvents) || maxEvents < 1) throw new Error(`maxEvents must be a positive whole number, got ${maxEvents}`);
    this.#maxEvents = maxEvents;
  }

  addGood(good: GoodEvent, enriched: EnrichedEvent, receivedAt = Date.now()): void {
    this.#add({ kind: 'good', seq: this.#nextSeq++, receivedAt, good, enriched });
  }

  addBad(bad: BadEvent, receivedAt = Date.now()): void {
    this.#add({ kind: 'bad', seq: this.#nextSeq++, receivedAt, bad });
  }

  #add(record: StoredEvent): void {
    this.#records.push(record);
    // Trim in chunks so the ring costs O(1) amortised per event instead of a shift per insert.
    if (this.#records.length > this.#maxEvents * 1.1 + 10) {
      const excess = this.#records.length - this.#maxEvents;
      this.#records = this.#records.slice(excess);
      this.#dropped += excess;
    }
    for (const listener of this.#listeners) listener(record);
  }

  /** All kept records, oldest first (at most maxEvents). */
  records(): readonly StoredEvent[] {
    return this.#records.length > this.#maxEvents ? this.#records.slice(this.#records.length - this.#maxEvents) : this.#records;
  }

  find(seq: number): StoredEvent | undefined {
    return this.records().find((record) => record.seq === seq);
  }

  counts(): { total: number; good: number; bad: number } {
    let good = 0;
    let bad = 0;
    for (const record of this.records()) {
      if (record.kind === 'good') good++;
      else bad++;
    }
    return { total: good + bad, good, bad };
  }

  /** Records dropped from the ring because it was full (since start or the last reset). */
  get dropped(): number {
    return this.#dropped + Math.max(0, this.#records.length - this.#maxEvents);
  }

  reset(): void {
    this.#records = [];
    this.#dropped = 0;
  }

  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
