import { collectorConfigSchema, createCollector } from '../../collector/index.ts';
import { parseCommandArgs, parsePort, type Command } from '../command.ts';
import { loadConfig } from '../config/load-config.ts';

const HELP = `Usage: snowline collector [options]

Runs the collector alone: tracker requests become raw records, fsynced before each answer, sealed into
<data-dir>/raw/sealed/ and shipped by the raw sinks of the \`collector\` config section (local directory,
S3, stdout). Use it to scale collectors separately from enrich (docs/collector.md, docs/scaling.md).

Options:
  --port <port>        port (default 8080; 0 picks a free port)
  --host <address>     address (default 127.0.0.1; 0.0.0.0 to accept other machines)
  --data-dir <dir>     where the spool and sealed raw files live (default ./data)
  --config <file>      configuration file (default: snowline.config.json or .yaml in this directory)
  -h, --help           this text

SIGTERM or Ctrl-C: stop accepting, finish in-flight requests (up to collector.shutdownDeadlineMs), fsync,
seal the open spool file, exit 0. With the stdout sink, standard output carries only raw records (NDJSON);
status lines go to standard error.

Example:
  snowline collector --host 0.0.0.0 --port 80 --data-dir /var/lib/snowline
`;

export const collectorCommand: Command = {
  name: 'collector',
  summary: 'run the collector alone (durable raw spool, raw sinks: local, S3, stdout)',
  help: HELP,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
    });
    const { config, file } = loadConfig({
      explicitFile: values.config,
      overrides: {
        'collector.port': values.port === undefined ? undefined : parsePort(values.port, '--port', 8080),
        'collector.host': values.host,
        dataDir: values['data-dir'],
      },
    });
    const log = (message: string) => process.stderr.write(`[snowline collector] ${message}\n`);
    if (file) log(`configuration from ${file}`);
    const collectorConfig = collectorConfigSchema.parse(config.collector);
    const collector = await createCollector(collectorConfig, { dataDir: config.dataDir, log });
    const { url } = await collector.listen();
    const stdoutIsData = collectorConfig.sinks.some((sink) => sink.type === 'stdout');
    if (stdoutIsData) log(`listening on ${url}`);
    else process.stdout.write(`Snowline collector listening on ${url}\nData directory: ${config.dataDir}\n`);
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    log(`${signal}: finishing in-flight requests, sealing the spool`);
    // A disk that hangs must not keep the process alive forever: give up well after the configured deadline.
    const hardStop = setTimeout(() => {
      log(`shutdown did not finish within ${collectorConfig.shutdownDeadlineMs + 5000} ms; exiting (unsealed records are recovered at the next start)`);
      process.exit(1);
    }, collectorConfig.shutdownDeadlineMs + 5000);
    hardStop.unref();
    await collector.close();
    clearTimeout(hardStop);
    log(`stopped: ${collector.counters.recorded} records, ${collector.counters.sizeViolations} size violations`);
    return 0;
  },
};
