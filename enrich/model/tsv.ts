// The canonical 131-field TSV line (reference: snowplow-modern.md §3.2): tab-separated, no newline, empty = null,
// timestamps `yyyy-MM-dd HH:mm:ss.SSS` UTC, booleans 1/0, plain decimals, JSON fields as compact JSON text.

import { ENRICHED_FIELDS, FIELD_COUNT } from './fields.ts';
import { createEmptyEvent, type EnrichedEvent } from './enriched-event.ts';
import { formatTimestamp, parseTimestamp } from './timestamp.ts';
import { FIELD_KIND_LIST, FIELD_NAME_LIST } from './tsv-values.ts';

const NAMES = FIELD_NAME_LIST;
const KINDS = FIELD_KIND_LIST;

function valueExpression(name: string, kind: string): string {
  const value = `event.${name}`;
  switch (kind) {
    case 'timestamp':
      return `(${value} == null ? '' : formatTimestamp(${value}))`;
    case 'bool':
      return `(${value} == null ? '' : ${value} ? '1' : '0')`;
    case 'int':
    case 'double':
      return `(${value} == null ? '' : '' + ${value})`;
    default:
      return `(${value} == null ? '' : ${value})`;
  }
}

// The writer is generated from the field list: one expression per field with a named property access, which V8
// compiles to direct loads. A loop with computed keys was the largest single cost of enriching an event. The
// fields are joined from one array rather than concatenated: 260 concatenations build a rope that has to be
// flattened again before the line is encoded, which cost more than the join.
const writeTsv = new Function(
  'formatTimestamp',
  `return function toTsv(event) { return [${NAMES.map((name, index) => valueExpression(name, KINDS[index]!)).join(', ')}].join('\\t'); };`,
)(formatTimestamp) as (event: EnrichedEvent) => string;

export function toTsv(event: EnrichedEvent): string {
  return writeTsv(event);
}

/** Raised by fromTsv; names the field and its 0-based position. */
export class TsvDecodeError extends Error {
  override readonly name = 'TsvDecodeError';
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function fail(index: number, value: string, expectation: string): never {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  throw new TsvDecodeError(`field ${NAMES[index]} (position ${index}) ${expectation}, got ${JSON.stringify(shown)}`);
}

function decodeValue(index: number, text: string): string | number | boolean {
  switch (KINDS[index]) {
    case 'int': {
      const value = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(value) || String(value) !== text) fail(index, text, 'must be an integer');
      return value;
    }
    case 'double': {
      const value = Number(text);
      if (!Number.isFinite(value) || String(value) !== text) fail(index, text, 'must be a number');
      return value;
    }
    case 'decimal':
      if (!DECIMAL.test(text)) fail(index, text, 'must be a decimal');
      return text;
    case 'bool':
      if (text !== '0' && text !== '1') fail(index, text, 'must be 1 or 0');
      return text === '1';
    case 'timestamp': {
      const value = parseTimestamp(text);
      if (Number.isNaN(value)) fail(index, text, 'must be a timestamp yyyy-MM-dd HH:mm:ss.SSS');
      return value;
    }
    case 'uuid':
      if (!UUID.test(text)) fail(index, text, 'must be a lower-case UUID');
      return text;
    case 'json':
      try {
        JSON.parse(text);
      } catch {
        fail(index, text, 'must be JSON');
      }
      return text;
    default:
      return text;
  }
}

/** Parses one enriched TSV line (without newline); throws TsvDecodeError naming the field on a bad value. */
export function fromTsv(line: string): EnrichedEvent {
  const parts = line.split('\t');
  if (parts.length !== FIELD_COUNT) {
    throw new TsvDecodeError(`an enriched TSV line has ${FIELD_COUNT} tab-separated fields, this one has ${parts.length}`);
  }
  const event = createEmptyEvent() as unknown as Record<string, string | number | boolean | null>;
  for (let index = 0; index < FIELD_COUNT; index++) {
    const text = parts[index]!;
    if (text === '') continue;
    event[NAMES[index]!] = decodeValue(index, text);
  }
  for (const field of ENRICHED_FIELDS) {
    if ('required' in field && event[field.name] === null) {
      throw new TsvDecodeError(`field ${field.name} (position ${NAMES.indexOf(field.name)}) cannot be empty`);
    }
  }
  return event as unknown as EnrichedEvent;
}
