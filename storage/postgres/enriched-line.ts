// Checks one enriched TSV line against the 131-column atomic.events layout before it reaches COPY, and turns
// it into a line of PostgreSQL's COPY text format. Checking here, not in the database, is what lets one
// malformed line become a loader bad row while the rest of the batch loads: a COPY fails as a whole.
import { ENRICHED_FIELDS, type FieldSpec } from '../../enrich/index.ts';

export type RowDecodingError =
  | { readonly type: 'NotTSV' }
  | { readonly type: 'FieldNumberMismatch'; readonly value: number }
  | { readonly type: 'InvalidValue'; readonly key: string; readonly value: string; readonly message: string };

export type CheckedLine =
  | { readonly ok: true; readonly copyLine: string; readonly eventId: string; readonly eventFingerprint: string }
  | { readonly ok: false; readonly errors: readonly RowDecodingError[] };

const FIELDS: readonly FieldSpec[] = ENRICHED_FIELDS;
const EVENT_ID_INDEX = FIELDS.findIndex((field) => field.name === 'event_id');
const FINGERPRINT_INDEX = FIELDS.findIndex((field) => field.name === 'event_fingerprint');

const INTEGER = /^[+-]?\d{1,10}$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$/;
const BOOLEAN = new Set(['0', '1', 't', 'f', 'true', 'false', 'TRUE', 'FALSE']);
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const TAB = 9;
const HYPHEN = 45;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The checks below read the field in place, by char code, from `start` to `end` of the line: they run for several
// fields of every line, and a slice or a regex per field is most of the cost of checking (measured with --cpu-prof).

function digitsAt(line: string, start: number, count: number): number {
  let number = 0;
  for (let index = start; index < start + count; index++) {
    const code = line.charCodeAt(index);
    if (code < DIGIT_0 || code > DIGIT_9) return -1;
    number = number * 10 + code - DIGIT_0;
  }
  return number;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** `YYYY-MM-DD HH:MM:SS[.fraction][Z]` with a real calendar date (year 1 on: PostgreSQL has no year 0). */
function isCalendarTimestamp(line: string, start: number, end: number): boolean {
  if (end - start < 19 || line.charCodeAt(start + 4) !== HYPHEN || line.charCodeAt(start + 7) !== HYPHEN) return false;
  if (line.charCodeAt(start + 13) !== 58 || line.charCodeAt(start + 16) !== 58) return false;
  const separator = line.charCodeAt(start + 10);
  if (separator !== 32 && separator !== 84) return false;
  const year = digitsAt(line, start, 4);
  const month = digitsAt(line, start + 5, 2);
  const day = digitsAt(line, start + 8, 2);
  const hour = digitsAt(line, start + 11, 2);
  const minute = digitsAt(line, start + 14, 2);
  const second = digitsAt(line, start + 17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  let index = start + 19;
  if (index < end && line.charCodeAt(index) === 46) {
    const fractionStart = ++index;
    while (index < end && line.charCodeAt(index) >= DIGIT_0 && line.charCodeAt(index) <= DIGIT_9) index++;
    if (index === fractionStart || index - fractionStart > 9) return false;
  }
  if (index < end && line.charCodeAt(index) === 90) index++;
  if (index !== end) return false;
  if (day <= 28) return true;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** 8-4-4-4-12 hexadecimal digits. */
function isUuid(line: string, start: number, end: number): boolean {
  if (end - start !== 36) return false;
  for (let index = 0; index < 36; index++) {
    const code = line.charCodeAt(start + index);
    if (index === 8 || index === 13 || index === 18 || index === 23) {
      if (code !== HYPHEN) return false;
    } else if (!((code >= DIGIT_0 && code <= DIGIT_9) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70))) {
      return false;
    }
  }
  return true;
}

/** Counts code points only when the UTF-16 length could exceed the limit (PostgreSQL counts characters). */
function exceedsLength(value: string, maxLength: number): boolean {
  if (value.length <= maxLength) return false;
  let count = 0;
  for (const _ of value) if (++count > maxLength) return true;
  return false;
}

/** Checks a non-empty field of a kind other than string; returns why it cannot load, if it cannot. */
function checkValue(field: FieldSpec, line: string, start: number, end: number): string | undefined {
  switch (field.kind) {
    case 'string':
      return undefined; // checkEnrichedLine checks strings against STRING_LIMITS and never calls this for them
    case 'uuid':
      return isUuid(line, start, end) ? undefined : 'not a UUID';
    case 'int': {
      const value = line.slice(start, end);
      if (!INTEGER.test(value)) return 'not an integer';
      const number = Number(value);
      return number < INT32_MIN || number > INT32_MAX ? 'out of the 32-bit integer range' : undefined;
    }
    case 'double':
    case 'decimal': {
      const value = line.slice(start, end);
      return NUMBER.test(value) && Number.isFinite(Number(value)) ? undefined : 'not a finite number';
    }
    case 'bool':
      if (end - start === 1) {
        const code = line.charCodeAt(start);
        return code === DIGIT_0 || code === DIGIT_0 + 1 || code === 116 || code === 102 ? undefined : 'not a boolean (expected 1 or 0)';
      }
      return BOOLEAN.has(line.slice(start, end)) ? undefined : 'not a boolean (expected 1 or 0)';
    case 'timestamp':
      return isCalendarTimestamp(line, start, end) ? undefined : 'not a timestamp (expected YYYY-MM-DD HH:MM:SS.mmm)';
    case 'json': {
      const value = line.slice(start, end);
      // jsonb rejects the NUL escape even though it is valid JSON.
      if (value.includes('\\u0000')) return 'JSON with a \\u0000 escape, which PostgreSQL jsonb rejects';
      try {
        JSON.parse(value);
        return undefined;
      } catch (error) {
        return `not JSON: ${(error as Error).message}`;
      }
    }
  }
}

/**
 * COPY text format treats backslash as an escape and a carriage return as a line end, so both are escaped;
 * tabs and newlines cannot occur inside a field of a line that split into exactly 131 fields.
 */
function toCopyText(line: string): string {
  let text = line.includes('\\') ? line.replaceAll('\\', '\\\\') : line;
  if (text.includes('\r')) text = text.replaceAll('\r', '\\r');
  return text;
}

const FIELD_COUNT = FIELDS.length;
const STRING_LIMITS: readonly number[] = FIELDS.map((field) => (field.kind === 'string' ? (field.maxLength ?? Infinity) : -1));
const REQUIRED: readonly boolean[] = FIELDS.map((field) => field.required === true);

/** Checks a line (without its newline) and returns its COPY text form or the reasons it cannot load. */
export function checkEnrichedLine(line: string): CheckedLine {
  if (line.includes('\0')) {
    return { ok: false, errors: [{ type: 'InvalidValue', key: 'line', value: line.slice(0, 100), message: 'contains a NUL byte, which PostgreSQL text cannot hold' }] };
  }
  // Most fields are empty: one char code says so. A non-empty field's end is found with indexOf, which skips its
  // characters natively; most are short strings whose length is all there is to check, never copied out of the line.
  let errors: RowDecodingError[] | undefined;
  let eventId = '';
  let eventFingerprint = '';
  let start = 0;
  let index = 0;
  const length = line.length;
  for (;;) {
    let end = start < length && line.charCodeAt(start) !== TAB ? line.indexOf('\t', start) : start;
    if (end === -1) end = length;
    if (index === FIELD_COUNT) {
      index++;
      break;
    }
    const limit = STRING_LIMITS[index]!;
    let message: string | undefined;
    if (end === start) {
      if (REQUIRED[index]) message = 'required but empty';
    } else if (limit >= 0) {
      if (end - start > limit && exceedsLength(line.slice(start, end), limit)) message = `longer than ${limit} characters`;
    } else {
      message = checkValue(FIELDS[index]!, line, start, end);
    }
    if (index === EVENT_ID_INDEX) eventId = line.slice(start, end);
    else if (index === FINGERPRINT_INDEX) eventFingerprint = line.slice(start, end);
    if (message !== undefined) (errors ??= []).push({ type: 'InvalidValue', key: FIELDS[index]!.name, value: line.slice(start, end), message });
    index++;
    if (end === length) break;
    start = end + 1;
  }
  if (index !== FIELD_COUNT) {
    const fieldCount = line.split('\t').length;
    return { ok: false, errors: [fieldCount === 1 ? { type: 'NotTSV' } : { type: 'FieldNumberMismatch', value: fieldCount }] };
  }
  if (errors) return { ok: false, errors };
  return { ok: true, copyLine: toCopyText(line), eventId, eventFingerprint };
}

/** The column list for COPY, in TSV order. */
export const ATOMIC_EVENTS_COLUMNS: readonly string[] = FIELDS.map((field) => field.name);
