import { queryEnrichedFiles, recipeViewQuery, UnknownRecipeError } from '../../sql/index.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { withStoreClient } from '../with-store-client.ts';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../format-rows.ts';

const HELP = `Usage: snowline query "<sql>" [options]
       snowline query --recipe <name> [options]
       snowline query --files <dir|s3://bucket/prefix> "<sql>" | --recipe <name>

Runs SQL against the store of a data directory: its embedded PostgreSQL (joined when \`snowline start\` runs it,
started just for the query otherwise), or the PostgreSQL given by --postgres / the config file. With --files,
runs it with no database at all, over enriched TSV files (DuckDB; atomic.events and the Hive recipes are views).

Options:
  --recipe <name>          run an analytics recipe, e.g. recipes_basic.bounce_rate_by_day or bounce_rate_by_day
                           (\`snowline sql recipes\` lists them; in PostgreSQL, \`snowline sql install\` first)
  --files <location>       query enriched TSV files in a folder or under an s3:// prefix instead of a database
  --format table|json|csv  output format (default table)
  --data-dir <dir>         data directory whose embedded store to query (default ./data)
  --postgres <url>         query this PostgreSQL instead (env SNOWLINE_POSTGRES_URL)
  --config <file>          configuration file
  -h, --help               this text

Examples:
  snowline query "select app_id, event, page_urlhost, page_urlpath from atomic.events" --format json
  snowline query "select count(*) from atomic.events where event = 'page_view'" --format csv
  snowline query --recipe uniques_and_visits_by_day
  snowline query --files ./data/enriched/good "select event, count(*) from atomic.events group by 1"
`;

function recipeOrUsageError(name: string, dialect: 'postgres' | 'hive'): string {
  try {
    return recipeViewQuery(name, dialect);
  } catch (error) {
    if (error instanceof UnknownRecipeError) throw new UsageError(error.message);
    throw error;
  }
}

export const queryCommand: Command = {
  name: 'query',
  summary: 'run SQL against atomic.events (embedded store or --postgres)',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        format: { type: 'string', default: 'table' },
        'data-dir': { type: 'string' },
        postgres: { type: 'string' },
        config: { type: 'string' },
        recipe: { type: 'string' },
        files: { type: 'string' },
      },
      true,
    );
    const format = values.format as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${values.format}"`);
    if (values.recipe !== undefined && positionals.length > 0) throw new UsageError('give either --recipe or a SQL statement, not both');
    if (values.recipe === undefined && positionals.length !== 1) throw new UsageError('give exactly one SQL statement, in quotes (or --recipe <name>)');
    if (values.files !== undefined) {
      const sql = values.recipe !== undefined ? recipeOrUsageError(values.recipe, 'hive') : positionals[0]!;
      const { columns, rows } = await queryEnrichedFiles(values.files, sql);
      process.stdout.write(formatRows(columns, rows, format));
      return 0;
    }
    const sql = values.recipe !== undefined ? recipeOrUsageError(values.recipe, 'postgres') : positionals[0]!;
    await withStoreClient(values, async (client) => {
      const result = await client.query({ text: sql }).catch((error: { code?: string; message: string }) => {
        // 42P01: undefined table; for a recipe that means the analytics layer is not installed yet.
        if (values.recipe !== undefined && error.code === '42P01') {
          throw new Error(`${error.message}: install the analytics layer first with \`snowline sql install\``);
        }
        throw error;
      });
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      const columns = (last?.fields ?? []).map((field: { name: string }) => field.name);
      process.stdout.write(formatRows(columns, last?.rows ?? [], format));
    });
    return 0;
  },
};
