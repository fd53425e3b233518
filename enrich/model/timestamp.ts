// Enriched timestamps are ms since the epoch in memory and `yyyy-MM-dd HH:mm:ss.SSS` (UTC, always three
// fraction digits) in the TSV, as Snowplow's Joda formatter writes them.

/** Largest ms value whose year is still 9999, the last year the TSV format (and atomic.events) can hold. */
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** 0000-01-01T00:00:00.000Z: Date.UTC maps two-digit years to 19xx, so the year is set separately. */
export const MIN_TIMESTAMP_MS = new Date('0000-01-01T00:00:00.000Z').getTime();

export function isFormattableTimestamp(ms: number): boolean {
  return Number.isInteger(ms) && ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS;
}

export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(0, 10) + ' ' + iso.slice(11, 23);
}

const TSV_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;

/** Parses a TSV timestamp; returns NaN when it is not exactly in the canonical format. */
export function parseTimestamp(text: string): number {
  const match = TSV_TIMESTAMP.exec(text);
  if (match === null) return Number.NaN;
  const ms = Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.${match[7]}Z`);
  return Number.isNaN(ms) || formatTimestamp(ms) !== text ? Number.NaN : ms;
}
