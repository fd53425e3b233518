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

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INTEGER = /^[+-]?\d{1,10}$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$/;
const BOOLEAN = new Set(['0', '1', 't', 'f', 'true', 'false', 'TRUE', 'FALSE']);
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const DIGIT_0 = 48;
const DIGIT_9 = 57;

function digitsAt(value: string, start: number, count: number): number {
  let number = 0;
  for (let index = start; index < start + count; index++) {
    const code = value.charCodeAt(index);
    if (code < DIGIT_0 || code > DIGIT_9) return -1;
    number = number * 10 + code - DIGIT_0;
  }
  return number;
}

/** `YYYY-MM-DD HH:MM:SS[.fraction][Z]` with a real calendar date; char codes, not a regex, as this runs per field. */
function isCalendarTimestamp(value: string): boolean {
  if (value.length < 19 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return false;
  const separator = value.charCodeAt(10);
  if (separator !== 32 && separator !== 84) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  let index = 19;
  if (index < value.length && value.charCodeAt(index) === 46) {
    const fractionStart = ++index;
    while (index < value.length && value.charCodeAt(index) >= DIGIT_0 && value.charCodeAt(index) <= DIGIT_9) index++;
    if (index === fractionStart || index - fractionStart > 9) return false;
  }
  if (index < value.length && value.charCodeAt(index) === 90) index++;
  if (index !== value.length) return false;
  if (day <= 28) return true;
  // Date.UTC rolls 30 February over into March: a day that does not survive the round trip does not exist.
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** Counts code points only when the UTF-16 length could exceed the limit (PostgreSQL counts characters). */
function exceedsLength(value: string, maxLength: number): boolean {
  if (value.length <= maxLength) return false;
  let count = 0;
  for (const _ of value) if (++count > maxLength) return true;
  return false;
}

function checkValue(field: FieldSpec, value: string): string | undefined {
  switch (field.kind) {
    case 'string':
      return field.maxLength !== undefined && exceedsLength(value, field.maxLength)
        ? `longer than ${field.maxLength} characters`
        : undefined;
    case 'uuid':
      return UUID.test(value) ? undefined : 'not a UUID';
    case 'int': {
      if (!INTEGER.test(value)) return 'not an integer';
      const number = Number(value);
      return number < INT32_MIN || number > INT32_MAX ? 'out of the 32-bit integer range' : undefined;
    }
    case 'double':
    case 'decimal':
      return NUMBER.test(value) && Number.isFinite(Number(value)) ? undefined : 'not a finite number';
    case 'bool':
      return BOOLEAN.has(value) ? undefined : 'not a boolean (expected 1 or 0)';
    case 'timestamp':
      return isCalendarTimestamp(value) ? undefined : 'not a timestamp (expected YYYY-MM-DD HH:MM:SS.mmm)';
    case 'json':
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

/**
 * COPY text format treats backslash as an escape and a carriage return as a line end, so both are escaped;
 * tabs and newlines cannot occur inside a field of a line that split into exactly 131 fields.
 */
function toCopyText(line: string): string {
  let text = line.includes('\\') ? line.replaceAll('\\', '\\\\') : line;
  if (text.includes('\r')) text = text.replaceAll('\r', '\\r');
  return text;
}

const STRING_LIMITS: readonly number[] = FIELDS.map((field) => (field.kind === 'string' ? (field.maxLength ?? Infinity) : -1));

/** Checks a line (without its newline) and returns its COPY text form or the reasons it cannot load. */
export function checkEnrichedLine(line: string): CheckedLine {
  if (line.includes('\0')) {
    return { ok: false, errors: [{ type: 'InvalidValue', key: 'line', value: line.slice(0, 100), message: 'contains a NUL byte, which PostgreSQL text cannot hold' }] };
  }
  // Scans with indexOf instead of split: most fields are short strings whose length is all there is to check,
  // so they are never copied out of the line.
  let errors: RowDecodingError[] | undefined;
  let eventId = '';
  let eventFingerprint = '';
  let start = 0;
  let index = 0;
  for (; index < FIELDS.length; index++) {
    let end = line.indexOf('\t', start);
    if (end === -1) {
      if (index !== FIELDS.length - 1) break;
      end = line.length;
    } else if (index === FIELDS.length - 1) {
      index = -1;
      break;
    }
    const field = FIELDS[index]!;
    const limit = STRING_LIMITS[index]!;
    let message: string | undefined;
    let value: string | undefined;
    if (end === start) {
      if (field.required) message = 'required but empty';
    } else if (limit >= 0) {
      if (end - start > limit) {
        value = line.slice(start, end);
        if (exceedsLength(value, limit)) message = `longer than ${limit} characters`;
      }
    } else {
      value = line.slice(start, end);
      message = checkValue(field, value);
    }
    if (index === EVENT_ID_INDEX) eventId = value ?? '';
    else if (index === FINGERPRINT_INDEX) eventFingerprint = line.slice(start, end);
    if (message !== undefined) (errors ??= []).push({ type: 'InvalidValue', key: field.name, value: value ?? line.slice(start, end), message });
    start = end + 1;
  }
  if (index !== FIELDS.length) {
    const fieldCount = line.split('\t').length;
    return { ok: false, errors: [fieldCount === 1 ? { type: 'NotTSV' } : { type: 'FieldNumberMismatch', value: fieldCount }] };
  }
  if (errors) return { ok: false, errors };
  return { ok: true, copyLine: toCopyText(line), eventId, eventFingerprint };
}

/** The column list for COPY, in TSV order. */
export const ATOMIC_EVENTS_COLUMNS: readonly string[] = FIELDS.map((field) => field.name);
