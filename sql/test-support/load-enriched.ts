// Test helper: loads enriched TSV lines into atomic.events with COPY FROM STDIN (text format, empty = NULL,
// backslashes escaped because the text format treats them as escapes).
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export async function copyEnrichedLines(client: pg.Client, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const body = lines.map((line) => `${line.replace(/\\/g, '\\\\')}\n`).join('');
  const stream = client.query(copyFrom(`COPY atomic.events FROM STDIN WITH (FORMAT text, NULL '')`));
  await pipeline(Readable.from([body]), stream);
}
