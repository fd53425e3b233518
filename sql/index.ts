// The public surface of the SQL analytics layer: the recipe catalogue, install and incremental refresh against
// PostgreSQL, and SQL over enriched files with DuckDB. The SQL itself lives in sql/{postgres,redshift,hive}/.
export { DIALECTS, installStatements, refreshStatements, splitStatements, type SqlDialect } from './sql-files.ts';
export { listRecipes, recipeSql, recipeViewQuery, UnknownRecipeError, type RecipeInfo } from './recipes.ts';
export {
  installAnalytics,
  refreshDerived,
  SqlStatementError,
  type InstallReport,
  type RefreshOptions,
  type RefreshReport,
  type SqlClient,
} from './install.ts';
export { queryEnrichedFiles, openEnrichedFiles, listEnrichedFiles, type FilesQueryOptions, type FilesQueryResult } from './enriched-files.ts';
export { REDSHIFT_DIFFERENCES } from './dialect-differences.ts';
