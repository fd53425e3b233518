// Builds an Enricher from the validated `enrich` config section: loads what the enrichments need (databases,
// schemas) once, up front, so enriching itself is synchronous.

import type { EnrichConfig } from './config.ts';
import type { Processor } from './model/bad-row.ts';
import { buildEnricher, type Enricher } from './pipeline/enricher.ts';
import { ENRICH_ARTIFACT, ENRICH_VERSION, ETL_VERSION } from './version.ts';

export interface EnricherOptions {
  /** Source of `etl_tstamp` and bad-row timestamps, ms since the epoch (default Date.now). */
  readonly clock?: () => number;
}

export async function createEnricher(config: EnrichConfig, options: EnricherOptions = {}): Promise<Enricher> {
  const processor: Processor = { artifact: ENRICH_ARTIFACT, version: ENRICH_VERSION };
  return buildEnricher({
    processor,
    clock: options.clock ?? Date.now,
    adapterContext: { validateEnvelope: null },
    pipeline: {
      etlVersion: ETL_VERSION,
      decode: { maxJsonDepth: config.maxJsonDepth, validate: null },
      enrichments: [],
      fieldLengths: { truncate: new Set(config.truncateFields) },
      needsPageQuery: false,
    },
  });
}
