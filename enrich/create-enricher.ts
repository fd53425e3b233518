// Builds an Enricher from the validated `enrich` config section: loads what the enrichments need (databases,
// schemas) once, up front, so enriching itself is synchronous.

import type { EnrichConfig } from './config.ts';
import type { AdapterMessage } from './adapters/raw-event.ts';
import { buildResolver } from './iglu/build-resolver.ts';
import { SchemaValidator } from './iglu/validator.ts';
import type { Processor } from './model/bad-row.ts';
import { buildEnricher, type Enricher } from './pipeline/enricher.ts';
import { buildEnrichments, type EnrichmentResources } from './enrichments/build-enrichments.ts';
import { ENRICH_ARTIFACT, ENRICH_VERSION, ETL_VERSION } from './version.ts';

export interface EnricherOptions extends EnrichmentResources {
  /** Source of `etl_tstamp` and bad-row timestamps, ms since the epoch (default Date.now). */
  readonly clock?: () => number;
}

export async function createEnricher(config: EnrichConfig, options: EnricherOptions = {}): Promise<Enricher> {
  const processor: Processor = { artifact: ENRICH_ARTIFACT, version: ENRICH_VERSION };
  const resolver = buildResolver(config.iglu, options.clock);
  const validator = new SchemaValidator(resolver);
  const enrichments = await buildEnrichments(config, options);
  return buildEnricher({
    processor,
    clock: options.clock ?? Date.now,
    adapterContext: {
      validateEnvelope: (envelope): AdapterMessage[] => {
        const failure = validator.validate(envelope.schema, envelope.data);
        return failure === null ? [] : [failure];
      },
    },
    pipeline: {
      etlVersion: ETL_VERSION,
      decode: { maxJsonDepth: config.maxJsonDepth, validate: (instance) => validator.validate(instance.schema, instance.data) },
      enrichments,
      validateDerived: (instance) => validator.validate(instance.schema, instance.data),
      fieldLengths: { truncate: new Set(config.truncateFields) },
    },
    network: config.iglu.httpRegistries.length > 0
      ? {
          hasPending: () => resolver.hasPending(),
          fetchPending: async () => {
            await resolver.fetchPending();
            validator.forgetUnresolved();
          },
        }
      : null,
  });
}
