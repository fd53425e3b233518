// Reading enrich's output files in tests, without what depends on when enrich ran.

import { readFile } from 'node:fs/promises';

/** Bad rows without the times at which enrich ran (failure.timestamp, and etl_tstamp inside payload.enriched). */
export async function badRowsWithoutTimes(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').map((line) =>
    line.replace(/"timestamp":"[^"]*"/, '').replace(/"etl_tstamp":"[^"]*"/, ''),
  );
}
