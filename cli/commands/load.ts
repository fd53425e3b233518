import { buildResolver } from '../../enrich/index.ts';
import { createS3Client, createSinkForTarget, schemaSourceFromResolver, listEnrichedSource, loadEnrichedSource, openEmbeddedPostgres, type LoadDestination, type LoadProgress } from '../../storage/index.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { loadConfig } from '../config/load-config.ts';

const HELP = `Usage: snowline load --from <dir|s3://bucket/prefix> [--to <target>] [options]

Loads every enriched TSV file (*.tsv, *.tsv.gz) under a folder or an S3 prefix into a target. Each file is one
batch whose id is its path (or s3:// key): loading the same source again loads nothing twice. Lines that do not
parse become loader_parsing_error bad rows (stored in atomic.snowline_bad_rows for PostgreSQL) and the rest of the
file loads. Progress goes to stderr.

Targets:
  <name>                   a target of storage.targets in the config (files, s3, postgres, redshift)
  postgres://...           that PostgreSQL (password from PGPASSWORD)
  embedded                 the embedded PostgreSQL of the data directory (default when no --to and no
                           storage.postgresUrl; storage.postgresUrl otherwise)

Options:
  --from <location>        folder or s3://bucket/prefix (S3 credentials from the AWS default chain)
  --to <target>            see above
  --shred                  also write entities and self-describing events to per-schema tables
                           (PostgreSQL targets; schemas from the config's enrich.iglu registries)
  --s3-endpoint <url>      endpoint of an S3-compatible store for --from (path style, checksums when required)
  --data-dir <dir>         data directory of the embedded store (default ./data)
  --config <file>          configuration file
  --watch                  keep going: look for new files every --watch-interval-ms until SIGTERM or Ctrl-C
                           (the loader of the scale-out mode, see docs/scaling.md)
  --watch-interval-ms <n>  default 1000
  --quiet                  no progress output
  -h, --help               this text

Examples:
  snowline load --from ./data/enriched/good --to embedded
  snowline load --from s3://acme-snowline/snowline/enriched/good/ --to warehouse
  PGPASSWORD=... snowline load --from ./export --to postgres://loader@db.internal:5432/analytics
`;

function progressLine(progress: LoadProgress): string {
  const fraction = progress.bytesTotal === 0 ? 1 : progress.bytesDone / progress.bytesTotal;
  const width = 30;
  const filled = Math.round(fraction * width);
  const rate = progress.elapsedMs === 0 ? 0 : Math.round((progress.rows / progress.elapsedMs) * 1000);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ` +
    `${progress.filesDone}/${progress.filesTotal} files (${progress.filesSkipped} already loaded)  ` +
    `${progress.rows.toLocaleString('en')} rows  ${progress.badRows.toLocaleString('en')} bad  ${rate.toLocaleString('en')} rows/s`;
}

export const loadCommand: Command = {
  name: 'load',
  summary: 'load enriched TSV files from a folder or S3 into a target, each file once',
  help: HELP,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      from: { type: 'string' },
      to: { type: 'string' },
      's3-endpoint': { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      shred: { type: 'boolean', default: false },
      'watch-interval-ms': { type: 'string', default: '1000' },
    });
    const watchIntervalMs = Number(values['watch-interval-ms']);
    if (!Number.isInteger(watchIntervalMs) || watchIntervalMs < 10) throw new UsageError(`--watch-interval-ms must be a whole number ≥ 10, got "${values['watch-interval-ms']}"`);
    if (!values.from) throw new UsageError('--from <dir|s3://bucket/prefix> is required');
    const { config } = loadConfig({ explicitFile: values.config, overrides: { dataDir: values['data-dir'] } });
    const s3Client = () =>
      createS3Client({
        region: process.env.AWS_REGION ?? 'us-east-1',
        endpoint: values['s3-endpoint'],
        forcePathStyle: values['s3-endpoint'] !== undefined,
        checksumsWhenRequiredOnly: values['s3-endpoint'] !== undefined,
      });
    const to = values.to ?? (config.storage.postgresUrl ? 'postgres-url' : 'embedded');
    let embedded: Awaited<ReturnType<typeof openEmbeddedPostgres>> | undefined;
    let destination: LoadDestination;
    const schemaSource = () => schemaSourceFromResolver(buildResolver(config.enrich.iglu));
    const shredding = values.shred ? schemaSource() : undefined;
    if (to === 'embedded') {
      embedded = await openEmbeddedPostgres({ dataDir: config.dataDir, port: config.storage.embeddedPostgresPort });
      destination = { kind: 'postgres', connectionString: embedded.url, shredding };
    } else if (to === 'postgres-url' && config.storage.postgresUrl) {
      destination = { kind: 'postgres', connectionString: config.storage.postgresUrl, shredding };
    } else if (/^postgres(ql)?:\/\//.test(to)) {
      destination = { kind: 'postgres', connectionString: to, shredding };
    } else {
      const target = config.storage.targets.find((candidate) => candidate.name === to);
      if (!target) {
        const names = config.storage.targets.map((candidate) => candidate.name);
        throw new UsageError(`--to "${to}" is not a configured target (storage.targets: ${names.length ? names.join(', ') : 'none'}), a postgres:// URL or "embedded"`);
      }
      destination =
        target.type === 'postgres'
          ? { kind: 'postgres', connectionString: target.url, shredding: values.shred || target.shred ? (shredding ?? schemaSource()) : undefined }
          : { kind: 'sink', sink: createSinkForTarget(target) };
    }
    const interactive = process.stderr.isTTY && !values.quiet;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    if (values.watch) {
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    }
    try {
      do {
        const files = await listEnrichedSource(values.from, s3Client);
        const result = await loadEnrichedSource(files, destination, (progress) => {
          if (values.quiet || (values.watch && progress.filesDone === progress.filesSkipped)) return;
          if (interactive) process.stderr.write(`\r${progressLine(progress)}`);
          else if (progress.filesDone > 0 || progress.filesTotal === 0) process.stderr.write(`${progressLine(progress)}\n`);
        });
        if (interactive && !values.quiet) process.stderr.write('\n');
        if (!values.watch || result.filesDone > result.filesSkipped) {
          process.stdout.write(
            `loaded ${result.rows} rows from ${result.filesDone - result.filesSkipped} files into ${to}` +
              ` (${result.filesSkipped} files already loaded, ${result.badRows} bad rows)\n`,
          );
        }
        if (values.watch) await sleep(watchIntervalMs, undefined, { signal: stop.signal }).catch(() => {});
      } while (values.watch && !stop.signal.aborted);
      return 0;
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await embedded?.stop();
    }
  },
};
