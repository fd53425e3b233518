// Checks one enriched TSV line against the 131-column atomic.events layout before it reaches COPY, and turns
// it into a line of PostgreSQL's COPY text format. Checking here, not in the database, is what lets one
// malformed line become a loader bad row while the rest of the batch loads: a COPY fails as a whole.
import { ENRICHED_FIELDS, type FieldSpec } from '../../enrich/model/fields.ts';

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
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z?$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function isCalendarTimestamp(value: string): boolean {
  const parts = TIMESTAMP.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 59 || month < 1 || month > 12 || day < 1) return false;
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

/** Checks a line (without its newline) and returns its COPY text form or the reasons it cannot load. */
export function checkEnrichedLine(line: string): CheckedLine {
  if (line.includes('\0')) {
    return { ok: false, errors: [{ type: 'InvalidValue', key: 'line', value: line.slice(0, 100), message: 'contains a NUL byte, which PostgreSQL text cannot hold' }] };
  }
  const values = line.split('\t');
  if (values.length === 1) return { ok: false, errors: [{ type: 'NotTSV' }] };
  if (values.length !== FIELDS.length) return { ok: false, errors: [{ type: 'FieldNumberMismatch', value: values.length }] };
  let errors: RowDecodingError[] | undefined;
  for (let index = 0; index < FIELDS.length; index++) {
    const field = FIELDS[index]!;
    const value = values[index]!;
    let message: string | undefined;
    if (value === '') {
      if (field.required) message = 'required but empty';
    } else {
      message = checkValue(field, value);
    }
    if (message !== undefined) (errors ??= []).push({ type: 'InvalidValue', key: field.name, value, message });
  }
  if (errors) return { ok: false, errors };
  return { ok: true, copyLine: toCopyText(line), eventId: values[EVENT_ID_INDEX]!, eventFingerprint: values[FINGERPRINT_INDEX]! };
}

/** The column list for COPY, in TSV order. */
export const ATOMIC_EVENTS_COLUMNS: readonly string[] = FIELDS.map((field) => field.name);
