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

/** `.000` to `.999`: the fraction is one table lookup. */
const FRACTIONS: readonly string[] = Array.from({ length: 1000 }, (_, ms) => '.' + String(ms).padStart(3, '0'));

// The `yyyy-MM-dd HH:mm:ss` text of recently formatted seconds, direct-mapped by second: an event's timestamps
// (collector, device created and sent, derived, etl) are a few distinct seconds shared with its neighbours.
const SECOND_SLOTS = 256;
const slotSecond = new Float64Array(SECOND_SLOTS).fill(Number.NaN);
const slotText: string[] = new Array<string>(SECOND_SLOTS).fill('');

function secondText(second: number): string {
  const day = Math.floor(second / 86_400);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * MS_PER_DAY).toISOString().slice(0, 10) + ' ';
  }
  let rest = second - day * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  return cachedDayPrefix + pad2(hours) + ':' + pad2(minutes) + ':' + pad2(rest - minutes * 60);
}

/**
 * `yyyy-MM-dd HH:mm:ss.SSS` in UTC. This runs five or six times per event, and Date#toISOString was a visible
 * share of the time: the text of the second is cached, only the fraction is added.
 */
export function formatTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  const slot = second & (SECOND_SLOTS - 1);
  let text: string;
  if (slotSecond[slot] === second) {
    text = slotText[slot]!;
  } else {
    text = secondText(second);
    slotSecond[slot] = second;
    slotText[slot] = text;
  }
  const millis = ms - second * 1000;
  // Timestamps are whole ms; anything else is written as the previous formatter wrote it.
  return text + (FRACTIONS[millis] ?? '.' + (millis < 10 ? '00' : millis < 100 ? '0' : '') + millis);
}

const TSV_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;

/** Parses a TSV timestamp; returns NaN when it is not exactly in the canonical format. */
export function parseTimestamp(text: string): number {
  const match = TSV_TIMESTAMP.exec(text);
  if (match === null) return Number.NaN;
  const ms = Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.${match[7]}Z`);
  return Number.isNaN(ms) || formatTimestamp(ms) !== text ? Number.NaN : ms;
}
