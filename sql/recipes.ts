// The catalogue of recipes for `snowline query --recipe` and `snowline sql recipes`: every view of the analytics
// layer with the question it answers, the dialects it exists in, and its SQL.
import { DIALECTS, viewsOf, type SqlDialect, type ViewDefinition } from './sql-files.ts';

export interface RecipeInfo {
  /** schema.view, e.g. recipes_basic.bounce_rate_by_day */
  readonly name: string;
  /** One line: the question the recipe answers. */
  readonly answers: string;
  readonly dialects: readonly SqlDialect[];
}

/** Raised for a recipe name that does not exist (in that dialect); the message lists near matches. */
export class UnknownRecipeError extends Error {
  override readonly name = 'UnknownRecipeError';
}

function definitions(): Map<SqlDialect, ViewDefinition[]> {
  return new Map(DIALECTS.map((dialect) => [dialect, viewsOf(dialect)]));
}

/** Every recipe, cube and derived view (PostgreSQL's list, which is the fullest), in install order. */
export function listRecipes(): RecipeInfo[] {
  const all = definitions();
  return all.get('postgres')!.map((view) => ({
    name: view.name,
    answers: view.answers,
    dialects: DIALECTS.filter((dialect) => all.get(dialect)!.some((other) => other.name === view.name)),
  }));
}

function findView(name: string, dialect: SqlDialect): ViewDefinition {
  const views = viewsOf(dialect);
  const matches = views.filter((view) => view.name === name || view.name.endsWith(`.${name}`));
  const exact = matches.find((view) => view.name === name);
  if (exact) return exact;
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UnknownRecipeError(`"${name}" is ambiguous in ${dialect}: ${matches.map((view) => view.name).join(', ')}`);
  }
  const stem = name.split('.').pop()!.slice(0, 6);
  const near = views.map((view) => view.name).filter((candidate) => candidate.includes(stem)).slice(0, 5);
  const hint = near.length > 0 ? `did you mean ${near.join(', ')}?` : 'see `snowline sql recipes`';
  throw new UnknownRecipeError(`no ${dialect} recipe named "${name}": ${hint}`);
}

/** The SELECT that defines a recipe in a dialect; `name` may omit the schema when it is unambiguous. */
export function recipeSql(name: string, dialect: SqlDialect = 'postgres'): string {
  return findView(name, dialect).body;
}

/** A query that reads an installed recipe view, e.g. `SELECT * FROM recipes_basic.bounce_rate_by_day`. */
export function recipeViewQuery(name: string, dialect: SqlDialect = 'postgres'): string {
  return `SELECT * FROM ${findView(name, dialect).name}`;
}
