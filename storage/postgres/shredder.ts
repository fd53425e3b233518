// Optional shredding: each entity (contexts, derived contexts) and self-describing event of a loaded batch also goes
// into a table of its own, `atomic.<vendor>_<name>_<model>`, with columns typed from its Iglu schema, joined to
// atomic.events by root_id = event_id and root_tstamp = collector_tstamp (the Snowplow Postgres Loader's layout).
// Tables are created on first sight and widened (ADD COLUMN) when a later schema version adds properties; rows are
// written in the batch's transaction. The jsonb columns of atomic.events stay as they are.
import type pg from 'pg';
import { ENRICHED_FIELDS } from '../../enrich/index.ts';

/** Finds the JSON Schema of an Iglu URI (`iglu:vendor/name/jsonschema/1-0-0`). */
export interface SchemaSource {
  resolve(uri: string): Promise<Record<string, unknown> | undefined>;
}

interface Entity {
  readonly schema: string;
  readonly data: Record<string, unknown>;
}

interface SchemaProperty {
  type?: string | string[];
  format?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

const FIELD_INDEX = new Map<string, number>(ENRICHED_FIELDS.map((field, index) => [field.name, index]));
const IGLU_URI = /^iglu:([a-zA-Z0-9._-]+)\/([a-zA-Z0-9_-]+)\/jsonschema\/(\d+)-(\d+)-(\d+)$/;
const INT32_MAX = 2_147_483_647;

export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** `iglu:com.acme-shop/add_to_cart/jsonschema/1-0-2` → `com_acme_shop_add_to_cart_1` (cut to PostgreSQL's 63 bytes). */
export function shreddedTableName(uri: string): string | undefined {
  const match = IGLU_URI.exec(uri);
  if (!match) return undefined;
  return `${match[1]!.replace(/[.-]/g, '_').toLowerCase()}_${snakeCase(match[2]!)}_${match[3]}`.slice(0, 63);
}

/** The PostgreSQL type of a schema property (the Snowplow Postgres Loader's mapping, nested values as jsonb). */
export function columnType(property: SchemaProperty): string {
  const types = (Array.isArray(property.type) ? property.type : [property.type]).filter((type) => type !== 'null' && type !== undefined);
  if (types.length !== 1) return 'JSONB';
  switch (types[0]) {
    case 'string':
      if (property.format === 'date-time') return 'TIMESTAMP';
      if (property.format === 'date') return 'DATE';
      if (property.format === 'uuid') return 'UUID';
      if (property.maxLength !== undefined && property.maxLength === property.minLength) return `CHAR(${property.maxLength})`;
      return `VARCHAR(${property.maxLength ?? 4096})`;
    case 'integer':
      // As the Snowplow loader: bounded by a maximum that fits (and no minimum below the range) makes INTEGER.
      return (property.maximum ?? Infinity) <= INT32_MAX && (property.minimum ?? 0) >= -INT32_MAX - 1 ? 'INTEGER' : 'BIGINT';
    case 'number':
      return 'DOUBLE PRECISION';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return 'JSONB';
  }
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

function entitiesOf(json: string, unstruct: boolean): Entity[] {
  if (json === '') return [];
  const parsed = JSON.parse(json) as { data?: unknown };
  if (unstruct) {
    const inner = parsed.data as Entity | undefined;
    return inner && typeof inner.schema === 'string' ? [inner] : [];
  }
  return Array.isArray(parsed.data) ? (parsed.data as Entity[]).filter((entity) => entity && typeof entity.schema === 'string') : [];
}

export class Shredder {
  readonly #schemas: SchemaSource;
  readonly #rowsByUri = new Map<string, Record<string, unknown>[]>();
  /** Entities whose schema could not be found: kept in the jsonb columns only, and counted. */
  unresolved = 0;

  constructor(schemas: SchemaSource) {
    this.#schemas = schemas;
  }

  /** Collects the entities of one loaded line (the line's fields split by tab). */
  collect(line: string): void {
    const values = line.split('\t');
    const rootId = values[FIELD_INDEX.get('event_id')!]!.toLowerCase();
    const rootTstamp = values[FIELD_INDEX.get('collector_tstamp')!]!;
    const entities = [
      ...entitiesOf(values[FIELD_INDEX.get('contexts')!]!, false),
      ...entitiesOf(values[FIELD_INDEX.get('derived_contexts')!]!, false),
      ...entitiesOf(values[FIELD_INDEX.get('unstruct_event')!]!, true),
    ];
    for (const entity of entities) {
      const match = IGLU_URI.exec(entity.schema);
      if (!match) continue;
      const row: Record<string, unknown> = {
        schema_vendor: match[1],
        schema_name: match[2],
        schema_format: 'jsonschema',
        schema_version: `${match[3]}-${match[4]}-${match[5]}`,
        root_id: rootId,
        root_tstamp: rootTstamp,
      };
      for (const [key, value] of Object.entries(entity.data ?? {})) row[snakeCase(key)] = value;
      const rows = this.#rowsByUri.get(entity.schema) ?? [];
      rows.push(row);
      this.#rowsByUri.set(entity.schema, rows);
    }
  }

  /** Creates or widens each table and inserts the collected rows, in the caller's transaction; returns rows written. */
  async write(client: pg.ClientBase, excludedRootIds: ReadonlySet<string> = new Set()): Promise<number> {
    let written = 0;
    for (const [uri, allRows] of this.#rowsByUri) {
      const rows = allRows.filter((row) => !excludedRootIds.has(row.root_id as string));
      if (rows.length === 0) continue;
      const schema = await this.#schemas.resolve(uri);
      const table = shreddedTableName(uri);
      if (!schema || !table) {
        this.unresolved += rows.length;
        continue;
      }
      const properties = (schema.properties ?? {}) as Record<string, SchemaProperty>;
      const columns = Object.entries(properties).map(([name, property]) => `${quote(snakeCase(name))} ${columnType(property)}`);
      const qualified = `atomic.${quote(table)}`;
      // Serialises table creation and widening between concurrent loads (IF NOT EXISTS alone races).
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [table]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${qualified} (schema_vendor VARCHAR(128) NOT NULL, schema_name VARCHAR(128) NOT NULL, ` +
          `schema_format VARCHAR(128) NOT NULL, schema_version VARCHAR(128) NOT NULL, root_id UUID NOT NULL, root_tstamp TIMESTAMP NOT NULL)`,
      );
      for (const column of columns) await client.query(`ALTER TABLE ${qualified} ADD COLUMN IF NOT EXISTS ${column}`);
      await client.query(`COMMENT ON TABLE ${qualified} IS ${`'${uri.replaceAll("'", "''")}'`}`);
      // json_populate_recordset turns each JSON object into a row of the table's own column types.
      const result = await client.query(
        `INSERT INTO ${qualified} SELECT * FROM json_populate_recordset(NULL::${qualified}, $1::json)`,
        [JSON.stringify(rows)],
      );
      written += result.rowCount ?? 0;
    }
    return written;
  }
}

/** Schemas from the enrich stage's Iglu resolver (embedded registries first, then HTTP ones). */
export function schemaSourceFromResolver(resolver: {
  resolveSync(uri: string): { kind: string; schema?: Record<string, unknown> };
  fetchPending(): Promise<void>;
}): SchemaSource {
  return {
    async resolve(uri) {
      let resolution = resolver.resolveSync(uri);
      if (resolution.kind === 'pending') {
        await resolver.fetchPending();
        resolution = resolver.resolveSync(uri);
      }
      return resolution.kind === 'found' ? resolution.schema : undefined;
    },
  };
}
