import { installAnalytics, listRecipes, recipeSql, refreshDerived, DIALECTS, UnknownRecipeError, type SqlDialect } from '../../sql/index.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { withStoreClient } from '../with-store-client.ts';

const HELP = `Usage: snowline sql <install|refresh|recipes|show> [options]

The SQL analytics layer (docs/sql.md): recipes, cubes and the derived tables sessions, page_views and devices.

  install              create the schemas (derived, recipes_*, cubes_*), views and derived tables, and
                       atomic.events if it is missing; safe to run again after an upgrade
  refresh              update the derived tables incrementally: every session and device with an event received
                       after (last refresh's high-water mark - lookback window) is rebuilt whole
  recipes              list every recipe with the question it answers and its dialects
  show <recipe>        print a recipe's SQL (--dialect postgres|redshift|hive)

Options:
  --postgres <url>        use this PostgreSQL (env SNOWLINE_POSTGRES_URL) instead of the embedded store
  --data-dir <dir>        data directory whose embedded store to use (default ./data)
  --config <file>         configuration file
  --full                  refresh: rebuild every derived row (picks up events older than the lookback window)
  --lookback-hours <n>    refresh: set the lookback window, in whole hours (default 6, kept between runs)
  --dialect <dialect>     show: postgres (default), redshift or hive
  -h, --help              this text

Examples:
  snowline sql install --postgres postgres://analytics@db.internal/snowplow
  snowline sql refresh --lookback-hours 24
  snowline sql show recipes_basic.bounce_rate_by_day --dialect hive
  snowline query "select * from derived.sessions order by start_tstamp desc limit 20"
`;

function parseLookbackHours(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const hours = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(hours)) throw new UsageError(`--lookback-hours must be a whole number of hours, got "${value}"`);
  return hours;
}

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'install and refresh the SQL analytics layer (recipes, cubes, sessions, page views, devices)',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        postgres: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        full: { type: 'boolean', default: false },
        'lookback-hours': { type: 'string' },
        dialect: { type: 'string', default: 'postgres' },
      },
      true,
    );
    const [action, ...rest] = positionals;
    switch (action) {
      case 'install': {
        const report = await withStoreClient(values, installAnalytics);
        process.stdout.write(`installed the analytics layer (${report.statements} statements)\n`);
        return 0;
      }
      case 'refresh': {
        const lookbackHours = parseLookbackHours(values['lookback-hours']);
        const report = await withStoreClient(values, (client) => refreshDerived(client, { full: values.full, lookbackHours }));
        process.stdout.write(
          `refreshed ${report.sessions} sessions and ${report.devices} devices with events received after ${report.windowStart} ` +
            `(lookback ${report.lookbackHours} h); high-water mark now ${report.highWater ?? 'none (no events)'}\n`,
        );
        return 0;
      }
      case 'recipes': {
        // One write: a reader that stops early (snowline sql recipes | head) then finds it all in the pipe buffer.
        process.stdout.write(listRecipes().map((recipe) => `${recipe.name}  [${recipe.dialects.join(', ')}]\n    ${recipe.answers}\n`).join(''));
        return 0;
      }
      case 'show': {
        if (rest.length !== 1) throw new UsageError('give one recipe name, e.g. snowline sql show recipes_basic.bounce_rate_by_day');
        const dialect = values.dialect as SqlDialect;
        if (!DIALECTS.includes(dialect)) throw new UsageError(`--dialect must be one of ${DIALECTS.join(', ')}, got "${values.dialect}"`);
        try {
          process.stdout.write(`${recipeSql(rest[0]!, dialect)}\n`);
        } catch (error) {
          if (error instanceof UnknownRecipeError) throw new UsageError(error.message);
          throw error;
        }
        return 0;
      }
      default:
        throw new UsageError(action === undefined ? 'give an action: install, refresh, recipes or show' : `unknown action "${action}": use install, refresh, recipes or show`);
    }
  },
};
