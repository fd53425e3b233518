import { parseCommandArgs, parsePort, UsageError, type Command } from '../command.ts';
import { loadConfig } from '../config/load-config.ts';
import { startMicro } from '../micro/start-micro.ts';

const HELP = `Usage: snowline micro [options]

A one-process test pipeline for CI and local development, compatible with Snowplow Micro's API: the collector's
routes and cookies, enrich in process, events kept in memory, and a live inspector with a dashboard.

Options:
  --port <port>          port (default 9090; 0 picks a free port)
  --host <address>       address (default 127.0.0.1)
  --max-events <n>       events kept in memory, oldest dropped first (default 10000)
  --iglu <dir>           a directory of schemas in the Iglu layout (schemas/<vendor>/<name>/jsonschema/<version>);
                         repeatable, asked in order before the standard schemas
  --output-tsv           print every good event to stdout as an enriched TSV line
  --output-json          print every good event to stdout as JSON
  --config <file>        configuration file (collector and enrich sections apply)
  -h, --help             this text

API (CORS open):
  GET|POST /micro/all      {"total","good","bad"}
  GET|POST /micro/good     good events, newest first; filters event_type, schema, contexts, limit
  GET|POST /micro/bad      bad events; filters vendor, version, limit
  GET|POST /micro/reset    forget every event
  GET  /micro/iglu/<vendor>/<name>/jsonschema/<version>   the schema as resolved
  GET|POST /micro/events   paged, filtered event rows
  GET  /micro/ui           the live inspector and dashboard

Example (CI):
  npx snowline micro --port 9090 &
  # point the tracker at http://127.0.0.1:9090, run the app's tests, then:
  curl -s http://127.0.0.1:9090/micro/all
`;

export const microCommand: Command = {
  name: 'micro',
  summary: 'test pipeline with the Snowplow Micro API and a live inspector (events in memory)',
  help: HELP,
  async run(args) {
    const started = Date.now();
    const { values } = parseCommandArgs(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      'max-events': { type: 'string', default: '10000' },
      iglu: { type: 'string', multiple: true },
      'output-tsv': { type: 'boolean', default: false },
      'output-json': { type: 'boolean', default: false },
      config: { type: 'string' },
    });
    const maxEvents = Number(values['max-events']);
    if (!Number.isInteger(maxEvents) || maxEvents < 1) throw new UsageError(`--max-events must be a whole number ≥ 1, got "${values['max-events']}"`);
    const { config: loaded } = loadConfig({
      explicitFile: values.config,
      overrides: {
        'collector.port': parsePort(values.port, '--port', 9090),
        'collector.host': values.host,
      },
    });
    const config = values.iglu
      ? { ...loaded, enrich: { ...loaded.enrich, iglu: { ...loaded.enrich.iglu, embeddedRegistryPaths: [...values.iglu, ...loaded.enrich.iglu.embeddedRegistryPaths] } } }
      : loaded;
    const log = (message: string) => process.stderr.write(`[snowline micro] ${message}\n`);
    const micro = await startMicro(config, { maxEvents, outputTsv: values['output-tsv'], outputJson: values['output-json'], log });
    log(`listening on ${micro.url} (started in ${Date.now() - started} ms); API ${micro.url}/micro/all, inspector ${micro.url}/micro/ui/`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await micro.stop();
    return 0;
  },
};
