// Atomic field length limits (the atomic schema's maxLength, also the PostgreSQL column widths). A longer value
// makes the event a schema violation, except in fields configured for truncation (by default `page_title`,
// which the 2013 ETL truncated to 2000 characters; snowplow-2013.md §1.3).

import { ENRICHED_FIELDS } from '../model/fields.ts';
import type { EnrichedEvent } from '../model/enriched-event.ts';
import type { ParameterError } from './map-parameters.ts';

export interface FieldLengthPolicy {
  readonly truncate: ReadonlySet<string>;
}

const LIMITED_FIELDS: readonly { name: string; maxLength: number }[] = ENRICHED_FIELDS.flatMap((field) =>
  'maxLength' in field ? [{ name: field.name, maxLength: field.maxLength }] : [],
);

/** Truncates without splitting a surrogate pair. */
function truncate(value: string, maxLength: number): string {
  const code = value.charCodeAt(maxLength - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? maxLength - 1 : maxLength);
}

function reportOrTruncate(event: EnrichedEvent, policy: FieldLengthPolicy, name: string, maxLength: number, errors: ParameterError[]): void {
  const fields = event as unknown as Record<string, string>;
  const value = fields[name]!;
  if (policy.truncate.has(name)) {
    fields[name] = truncate(value, maxLength);
    return;
  }
  errors.push({
    field: name,
    value: value.length > 1024 ? `${value.slice(0, 1024)}…` : value,
    error: `length ${value.length} exceeds the maximum of ${maxLength} characters`,
  });
}

// Generated from the field list so that each check is a named property load (see model/tsv.ts); the slow path
// (a value too long) is a call.
const findTooLong = new Function(
  'handle',
  `return function findTooLong(event, policy, errors) {
${LIMITED_FIELDS.map(({ name, maxLength }) => `    if (event.${name} != null && event.${name}.length > ${maxLength}) handle(event, policy, '${name}', ${maxLength}, errors);`).join('\n')}
  };`,
)(reportOrTruncate) as (event: EnrichedEvent, policy: FieldLengthPolicy, errors: ParameterError[]) => void;

export function checkFieldLengths(event: EnrichedEvent, policy: FieldLengthPolicy): ParameterError[] {
  const errors: ParameterError[] = [];
  findTooLong(event, policy, errors);
  return errors;
}
