// Value conversions of the tracker protocol (reference: snowplow-modern.md §1.2, Snowplow's Transform.scala).
// Each returns the converted value or a `ConversionError` naming what was expected; none throws.

import { isFormattableTimestamp } from '../model/timestamp.ts';

export class ConversionError {
  constructor(readonly message: string) {}
}

const CONTROL_CHARACTERS = /[\x00-\x08\x0a-\x1f\x7f]/g;
const TAB = /\t/g;
const NEEDS_CLEANING = /[\x00-\x1f\x7f]/;

/** Snowplow's makeTsvSafe: tabs become four spaces, other control characters are removed, empty is null. */
export function tsvSafe(value: string): string | null {
  if (NEEDS_CLEANING.test(value)) value = value.replace(TAB, '    ').replace(CONTROL_CHARACTERS, '');
  return value === '' ? null : value;
}

/** 8-4-4-4-12 hex digits; checked by char codes (two UUIDs per event, a regex was a visible share). */
function isUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (let index = 0; index < 36; index++) {
    const code = value.charCodeAt(index);
    if (index === 8 || index === 13 || index === 18 || index === 23) {
      if (code !== 45) return false;
    } else if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70))) {
      return false;
    }
  }
  return true;
}

/** A UUID in its canonical form; upper case is accepted and lower-cased, as Enrich does. */
export function toUuid(value: string): string | ConversionError {
  return isUuid(value) ? value.toLowerCase() : new ConversionError('not a valid UUID');
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const INTEGER = /^[-+]?\d{1,10}$/;

/** A 32-bit integer as Java's Integer.parseInt reads it. */
export function toInt(value: string): number | ConversionError {
  if (INTEGER.test(value)) {
    const parsed = Number(value);
    if (parsed >= INT_MIN && parsed <= INT_MAX) return parsed;
  }
  return new ConversionError('not a valid integer');
}

/** The Arduino tracker formats its `tid` nonce with `%d.0`, e.g. `1234.0`; the suffix is dropped. */
export function toLegacyTransactionId(value: string): number | ConversionError {
  return toInt(value.endsWith('.0') ? value.slice(0, -2) : value);
}

export function toBoolean(value: string): boolean | ConversionError {
  if (value === '1') return true;
  if (value === '0') return false;
  return new ConversionError('not a valid boolean: expected 1 or 0');
}

const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d{1,4}))?$/;

/**
 * A decimal as Java's BigDecimal reads it, written back as plain text (never scientific notation) with the scale
 * the sender gave, so `9.90` stays `9.90` and `1E+3` becomes `1000`. The literal `null` (an old JS tracker bug)
 * is null.
 */
export function toDecimal(value: string): string | null | ConversionError {
  if (value === 'null') return null;
  const match = DECIMAL.exec(value);
  if (match === null || (match[2] === '' && (match[3] === undefined || match[3] === ''))) {
    return new ConversionError('not a valid decimal number');
  }
  const sign = match[1] === '-' ? '-' : '';
  let integerDigits = match[2] ?? '';
  let fractionDigits = match[3] ?? '';
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  if (exponent > 0) {
    const shifted = fractionDigits.padEnd(exponent, '0');
    integerDigits += shifted.slice(0, exponent);
    fractionDigits = shifted.slice(exponent);
  } else if (exponent < 0) {
    const padded = integerDigits.padStart(-exponent + 1, '0');
    fractionDigits = padded.slice(padded.length + exponent) + fractionDigits;
    integerDigits = padded.slice(0, padded.length + exponent);
  }
  integerDigits = integerDigits.replace(/^0+(?=\d)/, '');
  if (integerDigits === '') integerDigits = '0';
  const text = fractionDigits === '' ? integerDigits : `${integerDigits}.${fractionDigits}`;
  if (!Number.isFinite(Number(text))) return new ConversionError('not a valid decimal number');
  return /^[0.]*$/.test(text) ? text : sign + text;
}

const MILLISECONDS = /^-?\d{1,16}$/;

/** ms since the epoch, with a year from 0 to 9999 so the TSV can hold it. */
export function toTimestampMs(value: string): number | ConversionError {
  if (MILLISECONDS.test(value)) {
    const ms = Number(value);
    if (isFormattableTimestamp(ms)) return ms;
  }
  return new ConversionError('not in the expected format: ms since epoch');
}

/**
 * Below this a `dtm` is read as seconds: as ms it would be before 3 March 1973, as seconds it reaches year 5138.
 * Old Lua trackers send `os.time()` seconds when no timestamp is given (snowplow-2013.md §2.3).
 */
export const DTM_SECONDS_THRESHOLD = 100_000_000_000;
const SECONDS = /^\d{1,11}(\.\d{1,3})?$/;

/** `dtm`: ms since the epoch, or seconds (optionally with a fraction) from a legacy tracker, scaled to ms. */
export function toDeviceCreatedMs(value: string): number | ConversionError {
  if (SECONDS.test(value)) {
    const seconds = Number(value);
    if (seconds < DTM_SECONDS_THRESHOLD) return Math.round(seconds * 1000);
  }
  return toTimestampMs(value);
}

const DIMENSIONS = /^(\d+)x(\d+)$/;

/** `WxH` screen, viewport or document sizes as two integers. */
export function toDimensions(value: string): [number, number] | ConversionError {
  const match = DIMENSIONS.exec(value);
  if (match !== null) {
    const width = toInt(match[1]!);
    const height = toInt(match[2]!);
    if (typeof width === 'number' && typeof height === 'number') return [width, height];
  }
  return new ConversionError('does not contain two integers separated by x');
}

/** The `ip` override may carry a proxy chain; the first address is the client's. */
export function toIpAddress(value: string): string | null {
  const end = value.search(/[,| ]/);
  return tsvSafe((end === -1 ? value : value.slice(0, end)).trim());
}
