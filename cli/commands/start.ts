import { parseCommandArgs, parsePort, UsageError, type Command } from '../command.ts';
import { loadConfig } from '../config/load-config.ts';
import { startPipeline } from '../pipeline/start-pipeline.ts';
import { psqlCommandFor } from '../psql-command.ts';

const HELP = `Usage: snowline start [options]

Runs the collector, enrich and storage in one process. Tracker requests become rows in atomic.events within
seconds. With no options: collector on 127.0.0.1:8080, data under ./data, and an embedded PostgreSQL on
127.0.0.1:5433 that psql and BI tools can query (its password is in ./data/embedded-postgres.json).

Options:
  --port <port>            collector port (default 8080; 0 picks a free port)
  --host <address>         collector address (default 127.0.0.1; 0.0.0.0 to accept other machines)
  --data-dir <dir>         raw, enriched and bad files and the embedded database (default ./data)
  --config <file>          configuration file (default: snowline.config.json or .yaml in this directory)
  --postgres <url>         load into this PostgreSQL instead of the embedded one (env SNOWLINE_POSTGRES_URL)
  --postgres-port <port>   port of the embedded PostgreSQL (default 5433)
  --mqtt <port>            run the embedded MQTT broker for devices on 127.0.0.1:<port> (anonymous clients
                           allowed on loopback only; per-device credentials in the config's bridge.mqtt.devices)
  --serial <path>[:baud]   read devices speaking the serial frame protocol on this port (repeatable; baud
                           default 115200), e.g. --serial /dev/ttyACM0:115200
  -h, --help               this text

Stop with Ctrl-C (SIGINT) or SIGTERM: in-flight requests finish, the spool is sealed, enriched and loaded.

Example:
  snowline start --port 9000 --data-dir /var/lib/snowline
`;

/** `--serial /dev/ttyACM0:115200` → `{ path, baudRate }` (the baud rate is optional). */
export function parseSerialOption(value: string): { path: string; baudRate?: number } {
  const colon = value.lastIndexOf(':');
  const hasBaud = colon !== -1 && /^\d+$/.test(value.slice(colon + 1));
  const path = hasBaud ? value.slice(0, colon) : value;
  if (path === '') throw new UsageError(`--serial takes <path>[:baud], got "${value}"`);
  return hasBaud ? { path, baudRate: Number(value.slice(colon + 1)) } : { path };
}

export const startCommand: Command = {
  name: 'start',
  summary: 'run collector + enrich + storage in one process (embedded PostgreSQL by default)',
  help: HELP,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      postgres: { type: 'string' },
      'postgres-port': { type: 'string' },
      mqtt: { type: 'string' },
      serial: { type: 'string', multiple: true },
    });
    const { config, file } = loadConfig({
      explicitFile: values.config,
      overrides: {
        'collector.port': values.port === undefined ? undefined : parsePort(values.port, '--port', 8080),
        'collector.host': values.host,
        dataDir: values['data-dir'],
        'storage.postgresUrl': values.postgres,
        'storage.embeddedPostgresPort':
          values['postgres-port'] === undefined ? undefined : parsePort(values['postgres-port'], '--postgres-port', 5433),
        'bridge.mqtt.broker.port': values.mqtt === undefined ? undefined : parsePort(values.mqtt, '--mqtt', 1883),
        'bridge.serialPorts': values.serial?.map(parseSerialOption),
      },
    });
    const log = (message: string) => process.stderr.write(`[snowline] ${message}\n`);
    if (file) log(`configuration from ${file}`);
    const pipeline = await startPipeline(config, {
      log,
      onBatch: (batch) => {
        if (!batch.alreadyLoaded) log(`batch ${batch.batchId}: ${batch.loadedRows} events loaded, ${batch.bad} bad rows`);
      },
    });
    process.stdout.write(
      [
        `Snowline collector listening on ${pipeline.collectorUrl}`,
        `  send a page view:  curl '${pipeline.collectorUrl}/i?e=pv&aid=demo&p=web&url=https%3A%2F%2Fexample.com%2F'`,
        ...(pipeline.inspector ? [`Live inspector and dashboard: ${pipeline.collectorUrl}/ui/`] : []),
        ...(pipeline.bridge?.mqttPort !== undefined ? [`MQTT broker for devices on 127.0.0.1:${pipeline.bridge.mqttPort} (topic snowline/<deviceId>/events)`] : []),
        ...(config.bridge?.serialPorts ?? []).map((port) => `Serial devices on ${port.path} at ${port.baudRate} baud`),
        `Data directory: ${pipeline.dataDir}`,
        `atomic.events in ${pipeline.embedded ? 'the embedded PostgreSQL' : 'PostgreSQL'}:`,
        `  psql:   ${psqlCommandFor(pipeline.postgresUrl)}`,
        `  query:  snowline query "select event, app_id, page_url from atomic.events order by collector_tstamp desc limit 10"` +
          (values['data-dir'] ? ` --data-dir ${values['data-dir']}` : ''),
        'Stop with Ctrl-C.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        log(`${signal}: stopping (sealing the spool and loading what is left)`);
        resolve();
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
    await pipeline.stop();
    log('stopped');
    return 0;
  },
};
