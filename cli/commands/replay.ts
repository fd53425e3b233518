import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createEnricher, loadFix, replayBadRows } from '../../enrich/index.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { loadConfig } from '../config/load-config.ts';

const HELP = `Usage: snowline replay --bad <file> [--fix <script.mjs>] [--output <dir>] [options]

Re-feeds the bad rows of a file to enrich, optionally after a fix of yours, and writes what now passes to
<output>/<name>.tsv and what still fails to <output>/<name>.still-bad.ndjson (default output: replayed/ next to
the bad file). Replaying creates no duplicates: each event keeps the id it would have had (its eid, or the id
derived from its raw record and position), an event is written once per run, and the outputs replace the
previous replay of the same file.

The fix is an ES module whose default export (or export named fix) is a function that gets one bad row and
returns it changed, or null to leave it out. Payloads: schema_violations and enrichment_failures carry
payload.raw.parameters ([{name, value}]); adapter and tracker-protocol failures carry payload.rawRecord;
collector_payload_format_violation carries the raw line as payload.

Options:
  --bad <file>             bad-row file (NDJSON), e.g. <output of snowline enrich>/bad/<name>.ndjson
  --fix <script.mjs>       module exporting fix(badRow)
  --output <dir>           where the replay outputs go
  --config <file>          configuration file (its "enrich" section)
  -h, --help               this text

Example (a tracker sent platform "toaster"):
  // fix-platform.mjs
  export default function fix(row) {
    for (const p of row.data.payload.raw?.parameters ?? []) if (p.name === 'p' && p.value === 'toaster') p.value = 'iot';
    return row;
  }
  snowline replay --bad out/bad/raw-0001.ndjson.ndjson --fix fix-platform.mjs
`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 're-feed bad rows to enrich, optionally after a fix, without duplicates',
  help: HELP,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      bad: { type: 'string' },
      fix: { type: 'string' },
      output: { type: 'string' },
      config: { type: 'string' },
    });
    if (values.bad === undefined) throw new UsageError('--bad is required');
    const { config } = loadConfig({ explicitFile: values.config });
    const fix = values.fix === undefined ? null : await loadFix(values.fix);
    const outputDir = values.output ?? join(dirname(values.bad), 'replayed');
    await mkdir(outputDir, { recursive: true });
    const name = basename(values.bad).replace(/\.ndjson$/, '');
    const enricher = await createEnricher(config.enrich);
    const goodPath = join(outputDir, `${name}.tsv`);
    const badPath = join(outputDir, `${name}.still-bad.ndjson`);
    const counts = await replayBadRows(values.bad, { goodPath, badPath }, enricher, fix);
    process.stdout.write(
      `${counts.rows} bad rows: ${counts.good} events now good (${goodPath}), ${counts.stillBad} still bad (${badPath})` +
        `${counts.leftOut ? `, ${counts.leftOut} left out by the fix` : ''}${counts.duplicates ? `, ${counts.duplicates} duplicates not written` : ''}` +
        `${counts.unreplayable ? `, ${counts.unreplayable} with nothing to replay` : ''}\n`,
    );
    return 0;
  },
};
