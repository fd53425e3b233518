// Decoding of the self-describing JSON parameters `co`/`cx` (entities) and `ue_pr`/`ue_px` (the event):
// base64url leniency as Enrich (padded or not, `+/` or `-_`), a JSON depth limit, the wrapper schemas checked,
// each entity and the event handed to the Iglu validator (reference: snowplow-modern.md §1.4, §4.3).

export const CONTEXTS_OUTPUT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1';
export const CONTEXTS_CRITERION = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-*';
export const UNSTRUCT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
export const UNSTRUCT_CRITERION = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-*';
const CONTEXTS_WRAPPER = /^iglu:com\.snowplowanalytics\.snowplow\/contexts\/jsonschema\/1-0-\d+$/;
const UNSTRUCT_WRAPPER = /^iglu:com\.snowplowanalytics\.snowplow\/unstruct_event\/jsonschema\/1-0-\d+$/;
export const IGLU_URI = /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([0-9]+-[0-9]+-[0-9]+)$/;

export interface SelfDescribing {
  schema: string;
  data: unknown;
}

/** One failure message of a `schema_violations` bad row. */
export type SchemaViolationMessage =
  | { field: string; value: string; error: string }
  | { json: unknown; error: string }
  | { schemaKey: string; schemaCriterion: string }
  | { schemaKey: string; error: unknown };

/** Validates one self-describing JSON against its schema; returns the failure message, or null when valid. */
export type SelfDescribingValidator = (instance: SelfDescribing) => SchemaViolationMessage | null;

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes base64 or base64url, padded or not; null when the text is not base64 or its bytes are not UTF-8. */
export function decodeBase64Lenient(text: string): string | null {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed)) return null;
  const unpadded = trimmed.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return null;
  try {
    return utf8.decode(Buffer.from(unpadded, 'base64url'));
  } catch {
    return null;
  }
}

/** Nesting depth of a JSON text, counted without parsing (brackets inside strings are skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let maximum = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92) index++;
      else if (code === 34) inString = false;
    } else if (code === 34) {
      inString = true;
    } else if (code === 123 || code === 91) {
      if (++depth > maximum) maximum = depth;
    } else if (code === 125 || code === 93) {
      depth--;
    }
  }
  return maximum;
}

function isSelfDescribing(value: unknown): value is SelfDescribing {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { schema?: unknown }).schema === 'string' &&
    'data' in value
  );
}

export interface DecodeOptions {
  readonly maxJsonDepth: number;
  readonly validate: SelfDescribingValidator | null;
}

/** Reads the JSON text of one parameter (decoding base64 first when `base64`), or records why it cannot. */
function readJson(field: string, raw: string, base64: boolean, options: DecodeOptions, errors: SchemaViolationMessage[]): unknown {
  let text = raw;
  if (base64) {
    const decoded = decodeBase64Lenient(raw);
    if (decoded === null) {
      errors.push({ field, value: raw, error: 'invalid base64 (or the decoded bytes are not UTF-8)' });
      return undefined;
    }
    text = decoded;
  }
  if (jsonDepth(text) > options.maxJsonDepth) {
    errors.push({ field, value: text, error: `invalid json: maximum allowed JSON depth (${options.maxJsonDepth}) exceeded` });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    errors.push({ field, value: text, error: `invalid json: ${(error as Error).message}` });
    return undefined;
  }
}

function checkInner(instance: unknown, options: DecodeOptions, errors: SchemaViolationMessage[]): instance is SelfDescribing {
  if (!isSelfDescribing(instance)) {
    errors.push({ json: instance, error: 'not a self-describing JSON: expected an object with schema and data' });
    return false;
  }
  if (!IGLU_URI.test(instance.schema)) {
    errors.push({ json: instance, error: `not a valid Iglu URI: ${instance.schema}` });
    return false;
  }
  if (options.validate !== null) {
    const failure = options.validate(instance);
    if (failure !== null) {
      errors.push(failure);
      return false;
    }
  }
  return true;
}

/** Decodes `co`/`cx` into the entities; null when absent. Invalid entities are reported and left out. */
export function decodeContexts(
  field: 'co' | 'cx',
  raw: string,
  options: DecodeOptions,
  errors: SchemaViolationMessage[],
): SelfDescribing[] | null {
  const json = readJson(field, raw, field === 'cx', options, errors);
  if (json === undefined) return null;
  if (!isSelfDescribing(json)) {
    errors.push({ json, error: 'not a self-describing JSON: expected an object with schema and data' });
    return null;
  }
  if (!CONTEXTS_WRAPPER.test(json.schema)) {
    errors.push({ schemaKey: json.schema, schemaCriterion: CONTEXTS_CRITERION });
    return null;
  }
  if (!Array.isArray(json.data)) {
    errors.push({ json, error: 'the contexts wrapper data must be an array of self-describing JSONs' });
    return null;
  }
  const entities: SelfDescribing[] = [];
  for (const entity of json.data as unknown[]) if (checkInner(entity, options, errors)) entities.push({ schema: entity.schema, data: entity.data });
  return entities;
}

/** Decodes `ue_pr`/`ue_px` into the inner self-describing event; null when invalid (reported). */
export function decodeUnstruct(
  field: 'ue_pr' | 'ue_px',
  raw: string,
  options: DecodeOptions,
  errors: SchemaViolationMessage[],
): SelfDescribing | null {
  const json = readJson(field, raw, field === 'ue_px', options, errors);
  if (json === undefined) return null;
  if (!isSelfDescribing(json)) {
    errors.push({ json, error: 'not a self-describing JSON: expected an object with schema and data' });
    return null;
  }
  if (!UNSTRUCT_WRAPPER.test(json.schema)) {
    errors.push({ schemaKey: json.schema, schemaCriterion: UNSTRUCT_CRITERION });
    return null;
  }
  const inner = json.data;
  return checkInner(inner, options, errors) ? { schema: inner.schema, data: inner.data } : null;
}

// Entities that enrichments share between events (a cached user-agent parse, the bot verdicts) are frozen; their
// JSON text is computed once and reused.
const frozenEntityJson = new WeakMap<SelfDescribing, string>();

function entityJson(entity: SelfDescribing): string {
  if (!Object.isFrozen(entity)) return JSON.stringify(entity);
  let text = frozenEntityJson.get(entity);
  if (text === undefined) {
    text = JSON.stringify(entity);
    frozenEntityJson.set(entity, text);
  }
  return text;
}

const CONTEXTS_PREFIX = `{"schema":"${CONTEXTS_OUTPUT_SCHEMA}","data":[`;

/** The TSV text of a list of entities: the 1-0-1 wrapper, or null when the list is empty. */
export function contextsJson(entities: readonly SelfDescribing[]): string | null {
  if (entities.length === 0) return null;
  let text = CONTEXTS_PREFIX + entityJson(entities[0]!);
  for (let index = 1; index < entities.length; index++) text += ',' + entityJson(entities[index]!);
  return text + ']}';
}

export function unstructJson(event: SelfDescribing): string {
  return JSON.stringify({ schema: UNSTRUCT_SCHEMA, data: event });
}
