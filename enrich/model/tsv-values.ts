// One field of an enriched event as its TSV text: shared by the TSV writer and by bad rows, whose
// `payload.enriched` carries the partially enriched event with the same texts.

import { ENRICHED_FIELDS, FIELD_COUNT, type FieldKind } from './fields.ts';
import type { EnrichedEvent } from './enriched-event.ts';
import { formatTimestamp } from './timestamp.ts';

export const FIELD_NAME_LIST: readonly string[] = ENRICHED_FIELDS.map((field) => field.name);
export const FIELD_KIND_LIST: readonly FieldKind[] = ENRICHED_FIELDS.map((field) => field.kind);

export function fieldText(kind: FieldKind, value: string | number | boolean | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (kind === 'timestamp') return formatTimestamp(value as number);
  if (kind === 'bool') return value ? '1' : '0';
  return String(value);
}

/** Every field by name with its TSV text, or null: the `enriched` object of an event's bad row. */
export function eventAsTextRecord(event: EnrichedEvent): Record<string, string | null> {
  const values = event as unknown as Record<string, string | number | boolean | null>;
  const record: Record<string, string | null> = {};
  for (let index = 0; index < FIELD_COUNT; index++) {
    const name = FIELD_NAME_LIST[index]!;
    record[name] = fieldText(FIELD_KIND_LIST[index]!, values[name]);
  }
  return record;
}
