// The configured enrichments, built once from the config, in Enrich's execution order
// (reference: snowplow-modern.md §4.2).

import type { EnrichConfig } from '../config.ts';
import type { Enrichment } from '../pipeline/enrichment.ts';

/** Things an embedding program may hand in instead of paths in the config (tests, benchmarks). */
export interface EnrichmentResources {}

export interface BuiltEnrichments {
  readonly list: Enrichment[];
  readonly needsPageQuery: boolean;
}

export async function buildEnrichments(_config: EnrichConfig, _resources: EnrichmentResources): Promise<BuiltEnrichments> {
  return { list: [], needsPageQuery: false };
}
