import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, formatTimestamp, parseTimestamp } from './timestamp.ts';

/** The reference: the ISO text with a space for the `T` and without the `Z`. */
function isoText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

describe('TSV timestamps', () => {
  it('formats any ms from year 0 to 9999 as the ISO text would, in any order (the per-second cache never leaks)', () => {
    let state = 12345;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const samples = [MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS, 0, -1, 999, 1000, Date.UTC(2026, 10, 29, 23, 59, 59, 999)];
    for (let index = 0; index < 5000; index++) samples.push(Math.floor(MIN_TIMESTAMP_MS + random() * (MAX_TIMESTAMP_MS - MIN_TIMESTAMP_MS)));
    // Neighbouring events: many ms within the same few seconds, interleaved, and seconds 256 apart (same slot).
    const base = Date.UTC(2026, 10, 1, 12);
    for (let index = 0; index < 5000; index++) samples.push(base + Math.floor(random() * 4000) + (index % 3) * 256_000);
    for (const ms of samples) expect(formatTimestamp(ms)).toBe(isoText(ms));
  });

  it('parses what it formats and nothing looser', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    expect(parseTimestamp(formatTimestamp(ms))).toBe(ms);
    expect(parseTimestamp('2026-01-02 03:04:05.6')).toBeNaN();
    expect(parseTimestamp('2026-02-30 00:00:00.000')).toBeNaN();
  });
});
