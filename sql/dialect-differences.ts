// Where the Redshift analytics SQL differs from the PostgreSQL one, and why. Everything not listed here is the
// same statement in both dialects (comments and whitespace aside); sql/redshift-dialect.test.ts checks that this
// list is exactly the set of differences. atomic.events is storage's DDL in each dialect and not compared here; in
// Redshift, `sql install` does not create it (the loader does).

const TABLE_ATTRIBUTES = 'table attributes: Redshift distributes and sorts tables (DISTSTYLE, DISTKEY, SORTKEY); PostgreSQL has no such clauses';
const ENTITY_WALK = 'reads an entity from contexts through derived.event_entities: contexts is VARCHAR JSON text in Redshift and there is no jsonb_path_query_first';

export const REDSHIFT_DIFFERENCES: Readonly<Record<string, string>> = {
  'derived.event_entities': 'only in Redshift: walks the contexts array position by position with JSON_EXTRACT_ARRAY_ELEMENT_TEXT',
  'derived.web_events': ENTITY_WALK,
  'derived.device_events': ENTITY_WALK,
  'derived.add_to_cart_events': 'JSON_EXTRACT_PATH_TEXT on VARCHAR JSON text instead of jsonb_extract_path_text on jsonb',
  'derived.page_views': TABLE_ATTRIBUTES,
  'derived.sessions': TABLE_ATTRIBUTES,
  'derived.device_daily': TABLE_ATTRIBUTES,
  'derived.device_uptime_gaps': TABLE_ATTRIBUTES,
  'derived.devices': TABLE_ATTRIBUTES,
  'refresh.sql statement 1': 'DATEADD(hour, -n, t) for the lookback window instead of interval arithmetic',
  'refresh.sql statement 16': 'GETDATE() instead of CURRENT_TIMESTAMP for the refresh time',
};

/** The trailing DISTSTYLE/DISTKEY/SORTKEY clause of a Redshift CREATE TABLE, which node-sql-parser does not know. */
export const REDSHIFT_TABLE_ATTRIBUTES = /\)\s*\n?\s*DISTSTYLE\s+(?:KEY|ALL|EVEN|AUTO)(?:\s+DISTKEY\s*\([^)]*\))?(?:\s+SORTKEY\s*\([^)]*\))?\s*$/i;
