// Finds the analytics SQL files of each dialect and splits them into statements and named views. The SQL lives
// in plain .sql files (readable, runnable with psql); this module only reads them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type SqlDialect = 'postgres' | 'redshift' | 'hive';

export const DIALECTS: readonly SqlDialect[] = ['postgres', 'redshift', 'hive'];

/** Install order: base views, models, refresh bookkeeping, then the recipe and cube views built on them. */
const INSTALL_FILES: Record<SqlDialect, readonly string[]> = {
  postgres: [
    'atomic-events.sql', 'models/01-base.sql', 'models/02-web-models.sql', 'models/03-device-models.sql',
    'models/04-refresh-state.sql', 'recipes/basic.sql', 'recipes/customer.sql', 'recipes/catalog.sql', 'recipes/cubes.sql',
  ],
  // In Redshift atomic.events is created by the loader (sql/redshift/atomic-events.sql, storage's DDL).
  redshift: [
    'models/01-base.sql', 'models/02-web-models.sql', 'models/03-device-models.sql',
    'models/04-refresh-state.sql', 'recipes/basic.sql', 'recipes/customer.sql', 'recipes/catalog.sql', 'recipes/cubes.sql',
  ],
  hive: ['events-table.sql', 'recipes/basic.sql'],
};

/** The SQL folder: next to this file in the source tree, or ../sql from the bundled dist/snowline.mjs. */
export function sqlRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [here, path.join(here, '..', 'sql')]) {
    if (existsSync(path.join(candidate, 'postgres', 'models'))) return candidate;
  }
  throw new Error(`the analytics SQL files were not found next to ${here} or in ${path.join(here, '..', 'sql')}`);
}

export function sqlFilePath(dialect: SqlDialect, relative: string): string {
  return path.join(sqlRoot(), dialect, relative);
}

export function readSqlFile(dialect: SqlDialect, relative: string): string {
  return readFileSync(sqlFilePath(dialect, relative), 'utf8');
}

/**
 * Splits SQL text into statements at semicolons that end a line, dropping comment-only lines. The analytics SQL
 * never puts a semicolon at the end of a line inside a string literal, so this is exact for these files.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (current.length === 0 && (line.trim() === '' || line.trim().startsWith('--'))) continue;
    current.push(line);
    if (line.trimEnd().endsWith(';')) {
      statements.push(current.join('\n').trimEnd().replace(/;$/, ''));
      current = [];
    }
  }
  if (current.join('').trim() !== '') statements.push(current.join('\n').trim());
  return statements;
}

export function installFiles(dialect: SqlDialect): readonly string[] {
  return INSTALL_FILES[dialect];
}

/** Every statement `snowline sql install` runs for a dialect, in order. */
export function installStatements(dialect: SqlDialect): string[] {
  return INSTALL_FILES[dialect].flatMap((file) => splitStatements(readSqlFile(dialect, file)));
}

export function refreshStatements(dialect: 'postgres' | 'redshift'): string[] {
  return splitStatements(readSqlFile(dialect, 'refresh.sql'));
}

export interface ViewDefinition {
  /** schema.view as created in PostgreSQL and Redshift (in Hive: the same, with the schema as a database). */
  readonly name: string;
  /** The one-line `-- answers:` comment above the view. */
  readonly answers: string;
  /** The SELECT that defines the view. */
  readonly body: string;
  readonly file: string;
}

const VIEW = /^--\s*answers:\s*(.+)\n(?:--.*\n)*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w.]+)\s+AS\s*\n([\s\S]+?);\s*$/gm;

/** The views of one SQL file, each with its `-- answers:` line. */
export function viewsInFile(dialect: SqlDialect, relative: string): ViewDefinition[] {
  const text = readSqlFile(dialect, relative);
  return [...text.matchAll(VIEW)].map((match) => ({
    name: match[2]!,
    answers: match[1]!.trim(),
    body: match[3]!.trim(),
    file: `${dialect}/${relative}`,
  }));
}

export function viewsOf(dialect: SqlDialect): ViewDefinition[] {
  return INSTALL_FILES[dialect].flatMap((file) => viewsInFile(dialect, file));
}
