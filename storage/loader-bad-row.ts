// Loader bad rows: an enriched line that cannot be loaded becomes a `loader_parsing_error` bad row
// (snowplow-badrows 2.0.0 shape) carrying the whole line, so it can be fixed and replayed.
import type { BadRow } from '../enrich/index.ts';
import type { RowDecodingError } from './postgres/enriched-line.ts';

export const LOADER_PARSING_ERROR_SCHEMA = 'iglu:com.snowplowanalytics.snowplow.badrows/loader_parsing_error/jsonschema/2-0-0';

export const LOADER_PROCESSOR = { artifact: 'snowline-loader', version: '0.1.0' } as const;

export function loaderParsingError(line: string, errors: readonly RowDecodingError[]): BadRow {
  return {
    schema: LOADER_PARSING_ERROR_SCHEMA,
    data: {
      processor: { ...LOADER_PROCESSOR },
      failure: { type: 'RowDecodingError', errors },
      payload: line,
    },
  };
}
