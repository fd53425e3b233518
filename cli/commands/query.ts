import pg from 'pg';
import { openEmbeddedPostgres } from '../../storage/index.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { loadConfig } from '../config/load-config.ts';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../format-rows.ts';

const HELP = `Usage: snowline query "<sql>" [options]

Runs SQL against the store of a data directory: its embedded PostgreSQL (joined when \`snowline start\` runs it,
started just for the query otherwise), or the PostgreSQL given by --postgres / the config file.

Options:
  --format table|json|csv  output format (default table)
  --data-dir <dir>         data directory whose embedded store to query (default ./data)
  --postgres <url>         query this PostgreSQL instead (env SNOWLINE_POSTGRES_URL)
  --config <file>          configuration file
  -h, --help               this text

Examples:
  snowline query "select app_id, event, page_urlhost, page_urlpath from atomic.events" --format json
  snowline query "select count(*) from atomic.events where event = 'page_view'" --format csv
`;

// Timestamps without time zone are returned as written (UTC in atomic.events), not shifted to local time.
const TIMESTAMP_OID = 1114;

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
      },
      true,
    );
    const format = values.format as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${values.format}"`);
    if (positionals.length !== 1) throw new UsageError('give exactly one SQL statement, in quotes');
    const sql = positionals[0]!;
    const { config } = loadConfig({
      explicitFile: values.config,
      overrides: { dataDir: values['data-dir'], 'storage.postgresUrl': values.postgres },
    });
    const embedded =
      config.storage.postgresUrl === undefined
        ? await openEmbeddedPostgres({ dataDir: config.dataDir, port: config.storage.embeddedPostgresPort })
        : undefined;
    const client = new pg.Client({
      connectionString: config.storage.postgresUrl ?? embedded!.url,
      types: { getTypeParser: (oid, format) => (oid === TIMESTAMP_OID ? (text: string) => text : pg.types.getTypeParser(oid, format)) },
    });
    try {
      await client.connect();
      const result = await client.query({ text: sql });
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      const columns = (last?.fields ?? []).map((field: { name: string }) => field.name);
      process.stdout.write(formatRows(columns, last?.rows ?? [], format));
      return 0;
    } finally {
      await client.end().catch(() => undefined);
      await embedded?.stop();
    }
  },
};
