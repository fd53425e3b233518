// Enriched timestamps are ms since the epoch in memory and `yyyy-MM-dd HH:mm:ss.SSS` (UTC, always three
// fraction digits) in the TSV, as Snowplow's Joda formatter writes them.

/** Largest ms value whose year is still 9999, the last year the TSV format (and atomic.events) can hold. */
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** 0000-01-01T00:00:00.000Z: Date.UTC maps two-digit years to 19xx, so the year is set separately. */
export const MIN_TIMESTAMP_MS = new Date('0000-01-01T00:00:00.000Z').getTime();

export function isFormattableTimestamp(ms: number): boolean {
  return Number.isInteger(ms) && ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS;
}

const MS_PER_DAY = 86_400_000;
let cachedDay = Number.NaN;
let cachedDayPrefix = '';

function pad2(value: number): string {
  return value < 10 ? '0' + value : String(value);
}

/**
 * `yyyy-MM-dd HH:mm:ss.SSS` in UTC. Events of one file share a few days, so the date part is cached and only the
 * time of day is computed: this runs six times per event, and Date#toISOString was a visible share of the time.
 */
export function formatTimestamp(ms: number): string {
  const day = Math.floor(ms / MS_PER_DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * MS_PER_DAY).toISOString().slice(0, 10) + ' ';
  }
  let rest = ms - day * MS_PER_DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return cachedDayPrefix + pad2(hours) + ':' + pad2(minutes) + ':' + pad2(seconds) + '.' + (millis < 10 ? '00' : millis < 100 ? '0' : '') + millis;
}

const TSV_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;

/** Parses a TSV timestamp; returns NaN when it is not exactly in the canonical format. */
export function parseTimestamp(text: string): number {
  const match = TSV_TIMESTAMP.exec(text);
  if (match === null) return Number.NaN;
  const ms = Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.${match[7]}Z`);
  return Number.isNaN(ms) || formatTimestamp(ms) !== text ? Number.NaN : ms;
}
