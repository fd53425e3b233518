// Test helper: runs the Redshift analytics SQL on a real PostgreSQL, as far as PostgreSQL can stand in for
// Redshift. atomic.events gets its JSON columns as text (as Redshift holds them), Redshift's JSON functions are
// defined over text with their Redshift meaning, and the table attributes PostgreSQL lacks are stripped.
import { REDSHIFT_TABLE_ATTRIBUTES } from '../dialect-differences.ts';
import { readSqlFile, splitStatements } from '../sql-files.ts';

export const REDSHIFT_FUNCTIONS_ON_POSTGRES = [
  `CREATE FUNCTION public.json_extract_path_text(text, VARIADIC text[]) RETURNS text
     AS $$ SELECT json_extract_path_text($1::json, VARIADIC $2) $$ LANGUAGE sql IMMUTABLE`,
  `CREATE FUNCTION public.json_extract_array_element_text(text, integer) RETURNS text
     AS $$ SELECT $1::json ->> $2 $$ LANGUAGE sql IMMUTABLE`,
  `CREATE FUNCTION public.json_array_length(text) RETURNS integer
     AS $$ SELECT json_array_length($1::json) $$ LANGUAGE sql IMMUTABLE`,
  `CREATE FUNCTION public.getdate() RETURNS timestamp AS $$ SELECT LOCALTIMESTAMP $$ LANGUAGE sql STABLE`,
  `CREATE FUNCTION public.dateadd(part text, amount integer, value timestamp) RETURNS timestamp
     AS $$ SELECT value + amount * ('1 ' || part)::interval $$ LANGUAGE sql IMMUTABLE`,
];

/** atomic.events as the PostgreSQL DDL defines it, but with the JSON columns as text, as in Redshift. */
export function atomicEventsWithTextJson(): string[] {
  return splitStatements(readSqlFile('postgres', 'atomic-events.sql').replace(/\bJSONB\b/g, 'VARCHAR(65535)'));
}

/** A Redshift statement as PostgreSQL can run it: without table attributes, DATEADD's date part quoted. */
export function redshiftStatementForPostgres(statement: string): string {
  return statement.replace(REDSHIFT_TABLE_ATTRIBUTES, ')').replace(/DATEADD\((\w+),/gi, "DATEADD('$1',");
}
