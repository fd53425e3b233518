// Keeps exact duplicates (same event_id and event_fingerprint) out of atomic.events at almost no cost on the usual
// path. Repeats inside a batch are dropped before they are sent (a set of the batch's keys). Repeats of stored events
// are caught by the unique index on (event_id, event_fingerprint): the COPY into atomic.events fails, the loader
// rolls back to a savepoint and loads the batch again through a temporary staging table with
// INSERT ... ON CONFLICT DO NOTHING. Duplicates are rare, so the second pass is rare. Events without a fingerprint
// are never treated as duplicates.

export const UNIQUE_VIOLATION = '23505';

export const CREATE_STAGING_SQL = 'CREATE TEMP TABLE snowline_batch (LIKE atomic.events) ON COMMIT DROP';

export const INSERT_FROM_STAGING_SQL = `
INSERT INTO atomic.events SELECT * FROM pg_temp.snowline_batch
ON CONFLICT (event_id, event_fingerprint) DO NOTHING
RETURNING event_id::text AS event_id`;

export class InBatchDuplicateFilter {
  readonly #seen = new Set<string>();
  /** Lines dropped because an earlier line of the same batch was the same event. */
  droppedInBatch = 0;

  /** False when the line repeats an earlier line of this batch (do not send it). */
  admit(eventId: string, eventFingerprint: string): boolean {
    if (eventFingerprint === '') return true;
    // A checked event id is 36 characters, so id + fingerprint is unambiguous without a separator. Ids differing only
    // in letter case get past this set; the unique index catches them.
    const key = eventId + eventFingerprint;
    if (this.#seen.has(key)) {
      this.droppedInBatch++;
      return false;
    }
    this.#seen.add(key);
    return true;
  }
}
