// Keeps exact duplicates (same event_id and event_fingerprint) out of atomic.events without slowing COPY down much:
// duplicates inside the batch are dropped before they are sent, and the batch's events are looked up among the rows
// already stored in chunks, on a connection of their own, while the COPY is still streaming (PostgreSQL runs the
// lookups on another backend, so they overlap with the COPY instead of following it). After the COPY, the few new
// rows that repeat a stored row are deleted in the load's transaction. A lookup sees only committed rows: two loads
// running at the same moment that carry the same event can both keep it (the batch manifest still keeps each batch
// from loading twice).
import type pg from 'pg';

const LOOKUP_CHUNK = 20_000;

const FIND_STORED_SQL = `
SELECT events.event_id::text AS event_id, events.event_fingerprint
FROM unnest($1::uuid[], $2::text[]) AS batch(event_id, event_fingerprint)
JOIN atomic.events AS events ON events.event_id = batch.event_id AND events.event_fingerprint = batch.event_fingerprint`;

// Only rows written by this transaction (xmin = its xid) are removed; the stored originals stay.
const DELETE_NEW_COPIES_SQL = `
DELETE FROM atomic.events AS events
USING unnest($1::uuid[], $2::text[]) AS duplicate(event_id, event_fingerprint)
WHERE events.event_id = duplicate.event_id AND events.event_fingerprint = duplicate.event_fingerprint
  AND events.xmin::text::bigint = txid_current() % 4294967296`;

export class ExactDuplicateFilter {
  readonly #lookupPool: pg.Pool;
  readonly #seen = new Set<string>();
  #pendingIds: string[] = [];
  #pendingFingerprints: string[] = [];
  readonly #lookups: Promise<pg.QueryResult<{ event_id: string; event_fingerprint: string }>>[] = [];
  /** Lines dropped because an earlier line of the same batch was the same event. */
  droppedInBatch = 0;
  /** Event ids whose new copy was deleted because the event was already stored. */
  readonly deletedEventIds = new Set<string>();

  constructor(lookupPool: pg.Pool) {
    this.#lookupPool = lookupPool;
  }

  /** False when the line repeats an earlier line of this batch (do not send it). */
  admit(eventId: string, eventFingerprint: string): boolean {
    if (eventFingerprint === '') return true;
    const id = eventId.toLowerCase();
    const key = `${id}\t${eventFingerprint}`;
    if (this.#seen.has(key)) {
      this.droppedInBatch++;
      return false;
    }
    this.#seen.add(key);
    this.#pendingIds.push(id);
    this.#pendingFingerprints.push(eventFingerprint);
    if (this.#pendingIds.length >= LOOKUP_CHUNK) this.#lookUpPending();
    return true;
  }

  #lookUpPending() {
    if (this.#pendingIds.length === 0) return;
    const lookup = this.#lookupPool.query<{ event_id: string; event_fingerprint: string }>(FIND_STORED_SQL, [this.#pendingIds, this.#pendingFingerprints]);
    lookup.catch(() => {});
    this.#lookups.push(lookup);
    this.#pendingIds = [];
    this.#pendingFingerprints = [];
  }

  /** After the COPY: deletes this transaction's copies of events that were already stored; returns how many. */
  async deleteStoredDuplicates(client: pg.ClientBase): Promise<number> {
    this.#lookUpPending();
    const ids: string[] = [];
    const fingerprints: string[] = [];
    for (const lookup of this.#lookups) {
      for (const row of (await lookup).rows) {
        ids.push(row.event_id);
        fingerprints.push(row.event_fingerprint);
      }
    }
    if (ids.length === 0) return 0;
    for (const id of ids) this.deletedEventIds.add(id);
    return (await client.query(DELETE_NEW_COPIES_SQL, [ids, fingerprints])).rowCount ?? 0;
  }

  /** Waits for lookups still running (after a failed load), so none outlives the loader. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.#lookups);
  }
}
