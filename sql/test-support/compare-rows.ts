// Compares query results with expected rows across engines: values are reduced to a canonical form (numbers
// rounded to 3 decimals, timestamps as `YYYY-MM-DD HH:MM:SS.mmm`, booleans as booleans) and rows are sorted, since
// views have no order. Only the expected rows' columns are compared, so a check can name the columns it is about.
import { timestamp, timestampMs, type Row } from '../fixture/expected/helpers.ts';

const NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/;

export function canonicalValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Math.round(Number(value) * 1000) / 1000;
  if (value instanceof Date) return timestamp(value.getTime());
  const text = String(value);
  if (NUMBER.test(text)) return Math.round(Number(text) * 1000) / 1000;
  if (TIMESTAMP.test(text)) return timestamp(timestampMs(text));
  return text;
}

export function canonicalRows(rows: readonly Row[], columns: readonly string[]): string[] {
  return rows.map((row) => JSON.stringify(columns.map((column) => [column, canonicalValue(row[column])]))).sort();
}

/** The columns of the first expected row (every expected row of a view has the same columns). */
export function columnsOf(rows: readonly Row[]): string[] {
  return rows[0] ? Object.keys(rows[0]).sort() : [];
}
