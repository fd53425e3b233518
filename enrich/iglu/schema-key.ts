// Iglu schema keys and SchemaVer criteria (reference: snowplow-modern.md §7.1).

export interface SchemaKey {
  readonly vendor: string;
  readonly name: string;
  readonly format: string;
  readonly version: string;
}

const SCHEMA_URI = /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([0-9]+-[0-9]+-[0-9]+)$/;
const CRITERION = /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([0-9]+|\*)-([0-9]+|\*)-([0-9]+|\*)$/;

export function parseSchemaUri(uri: string): SchemaKey | null {
  const match = SCHEMA_URI.exec(uri);
  return match === null ? null : { vendor: match[1]!, name: match[2]!, format: match[3]!, version: match[4]! };
}

/** The path of a schema inside a registry: `<vendor>/<name>/<format>/<version>`. */
export function schemaPath(key: SchemaKey): string {
  return `${key.vendor}/${key.name}/${key.format}/${key.version}`;
}

export interface SchemaCriterion {
  readonly vendor: string;
  readonly name: string;
  readonly format: string;
  /** MODEL, REVISION, ADDITION; null where the criterion has `*`. */
  readonly version: readonly [number | null, number | null, number | null];
}

export function parseCriterion(text: string): SchemaCriterion | null {
  const match = CRITERION.exec(text);
  if (match === null) return null;
  const part = (value: string): number | null => (value === '*' ? null : Number(value));
  return { vendor: match[1]!, name: match[2]!, format: match[3]!, version: [part(match[4]!), part(match[5]!), part(match[6]!)] };
}

/** Whether a schema URI matches a criterion such as `iglu:com.acme/event/jsonschema/1-*-*`. */
export function matchesCriterion(uri: string, criterion: SchemaCriterion): boolean {
  const key = parseSchemaUri(uri);
  if (key === null || key.vendor !== criterion.vendor || key.name !== criterion.name || key.format !== criterion.format) return false;
  const parts = key.version.split('-').map(Number);
  return criterion.version.every((wanted, index) => wanted === null || wanted === parts[index]);
}
