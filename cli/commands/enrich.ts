import { availableParallelism } from 'node:os';
import { runBatch, type BatchOptions, type BatchProgress } from '../../enrich/index.ts';
import { createS3Client } from '../../storage/index.ts';
import { isS3Url, runBatchWithS3 } from './enrich-s3.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { loadConfig } from '../config/load-config.ts';

const HELP = `Usage: snowline enrich --input <file|dir|s3://bucket/prefix> --output <dir|s3://bucket/prefix> [options]

Enriches raw files in batch: each input file gives <output>/good/<name>.tsv (the 131-field enriched TSV) and
<output>/bad/<name>.ndjson (bad rows). <output>/manifest.ndjson lists finished inputs, so a re-run resumes where
an interrupted one stopped and skips what is done (an input whose size or time changed is done again).
Inputs: Snowline raw files (NDJSON, optionally gzip), 2013 CloudFront access logs (gzip, #Fields header) and
Clojure-collector Tomcat access logs; the format is detected from the first line unless --format is given.

With S3, objects are downloaded one at a time, enriched, and the outputs uploaded whole before the next one;
the manifest is kept in the output, so finished objects are skipped without downloading them again.

Options:
  --input <location>       a raw file, a directory whose files are all enriched (in name order), or s3://bucket/prefix
  --output <location>      where good/, bad/ and manifest.ndjson go (a directory, created if missing, or s3://bucket/prefix)
  --s3-endpoint <url>      endpoint of an S3-compatible store (path style, checksums only when required);
                           credentials come from the AWS default chain (environment, profile, instance role)
  --workers <n>            worker threads for NDJSON raw files (default: the number of CPUs; 1 = main thread)
  --format <f>             auto | raw | cloudfront | clj-tomcat (default auto)
  --config <file>          configuration file (its "enrich" section: Iglu registries, enrichments)
  --quiet                  no progress output
  -h, --help               this text

Examples:
  snowline enrich --input data/raw/archive --output /tmp/reenriched
  snowline enrich --input E2ABC.2013-10-22-00.abcd.gz --output old-logs --format cloudfront --workers 1
  snowline enrich --input s3://acme-snowline/raw/2026-11-29/ --output s3://acme-snowline/enriched/2026-11-29/
`;

const FORMATS = ['auto', 'raw', 'cloudfront', 'clj-tomcat'] as const;

function progressLine(progress: BatchProgress): string {
  const fraction = progress.bytesTotal === 0 ? 1 : progress.bytesDone / progress.bytesTotal;
  const width = 30;
  const filled = Math.round(fraction * width);
  const rate = progress.elapsedMs === 0 ? 0 : Math.round((progress.events / progress.elapsedMs) * 1000);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ` +
    `${progress.filesDone}/${progress.filesTotal} files  ${progress.events.toLocaleString('en')} events  ${rate.toLocaleString('en')} events/s`;
}

export const enrichCommand: Command = {
  name: 'enrich',
  summary: 'enrich raw files (or 2013 CloudFront/Clojure logs) into enriched TSV and bad rows, resumable, in parallel',
  help: HELP,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      input: { type: 'string' },
      output: { type: 'string' },
      workers: { type: 'string' },
      format: { type: 'string', default: 'auto' },
      config: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      's3-endpoint': { type: 'string' },
    });
    if (values.input === undefined) throw new UsageError('--input is required');
    if (values.output === undefined) throw new UsageError('--output is required');
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
    const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, got "${values.workers}"`);
    const { config } = loadConfig({ explicitFile: values.config });
    const interactive = process.stderr.isTTY === true && !values.quiet;
    let lastPrintMs = 0;
    const options: BatchOptions = {
      input: values.input,
      output: values.output,
      config: config.enrich,
      workers,
      format,
      onProgress: (progress) => {
        if (values.quiet) return;
        const now = Date.now();
        if (interactive) process.stderr.write(`\r${progressLine(progress)}`);
        else if (now - lastPrintMs >= 5000 || progress.filesDone === progress.filesTotal) {
          lastPrintMs = now;
          process.stderr.write(`${progressLine(progress)}\n`);
        }
      },
      log: (message) => {
        if (!values.quiet) process.stderr.write(`${interactive ? '\r\x1b[K' : ''}${message}\n`);
      },
    };
    const usesS3 = isS3Url(values.input) || isS3Url(values.output);
    const endpoint = values['s3-endpoint'];
    const client = usesS3
      ? createS3Client({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint, forcePathStyle: endpoint !== undefined, checksumsWhenRequiredOnly: endpoint !== undefined })
      : null;
    const summary = client === null ? await runBatch(options) : await runBatchWithS3(options, client).finally(() => client.destroy());
    const { totals } = summary;
    if (interactive) process.stderr.write('\n');
    process.stdout.write(
      `${summary.processed.length} file(s) enriched, ${summary.skippedAsDone.length} already done: ${totals.records} records, ` +
        `${totals.good} good events, ${totals.bad} bad rows${totals.dropped ? `, ${totals.dropped} dropped by the JavaScript enrichment` : ''}` +
        ` in ${(summary.elapsedMs / 1000).toFixed(1)} s\n`,
    );
    return 0;
  },
};
