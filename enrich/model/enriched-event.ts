// The in-memory enriched event: one property per TSV field, named as the field, `null` when empty.
// Kinds map to JS types so that toTsv/fromTsv are exact inverses: ints and doubles are numbers, booleans are
// booleans, timestamps are ms since the epoch, decimals stay as their decimal text (no float rounding), and the
// three JSON fields keep their compact JSON text.

import { ENRICHED_FIELDS, FIELD_NAMES, type FieldKind } from './fields.ts';

type ValueOfKind<K extends FieldKind> = K extends 'int' | 'double' | 'timestamp'
  ? number
  : K extends 'bool'
    ? boolean
    : string;

type FieldSpecs = (typeof ENRICHED_FIELDS)[number];

export type EnrichedEvent = { [F in FieldSpecs as F['name']]: ValueOfKind<F['kind']> | null };

// A constructor generated from the field list gives every event the same hidden class with all 131 properties
// created in order, which keeps property access monomorphic on the hot path (an object built key by key, or
// Object.fromEntries, ends up in dictionary mode at this size).
const createEmpty = new Function(`return {${FIELD_NAMES.map((name) => `${name}: null`).join(', ')}};`) as () => EnrichedEvent;

/** A new event with every field null. */
export function createEmptyEvent(): EnrichedEvent {
  return createEmpty();
}
