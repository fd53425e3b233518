// The public surface of the enrich stage: other stages import only from here.

export { ENRICHED_FIELDS, FIELD_NAMES, FIELD_COUNT, type FieldName, type FieldKind, type FieldSpec } from './model/fields.ts';
export {
  type CollectorPayload,
  type DecodedPayload,
  RAW_RECORD_SCHEMA,
  encodeCollectorPayload,
  decodeCollectorPayload,
} from './model/collector-payload.ts';
export { enrichConfigSchema, type EnrichConfig } from './config.ts';
export { type EnrichedEvent, createEmptyEvent } from './model/enriched-event.ts';
export { toTsv, fromTsv, TsvDecodeError } from './model/tsv.ts';
export { formatTimestamp, parseTimestamp } from './model/timestamp.ts';
export { type BadRow, type BadRowType, BAD_ROW_SCHEMAS, badRowType } from './model/bad-row.ts';
export { type Enricher, type EnrichResult } from './pipeline/enricher.ts';
export { createEnricher, type EnricherOptions } from './create-enricher.ts';
export { enrichRawFile, type RawFileCounts, type InputFormat, type EnrichFileOptions } from './output/enrich-raw-file.ts';
export { formatViolationRow } from './output/format-violation-row.ts';
export { ETL_VERSION, ENRICH_ARTIFACT, ENRICH_VERSION } from './version.ts';
export { buildResolver, standardSchemasPath } from './iglu/build-resolver.ts';
export { Resolver, type Resolution, type LookupAttempt } from './iglu/resolver.ts';
export { parseSchemaUri, parseCriterion, matchesCriterion, type SchemaKey, type SchemaCriterion } from './iglu/schema-key.ts';
export { runBatch, type BatchOptions, type BatchProgress, type BatchSummary } from './batch/run-batch.ts';
export { replayBadRows, loadFix, type BadRowFix, type ReplayCounts } from './replay/replay-bad-rows.ts';
export { readManifest, type ManifestEntry } from './batch/manifest.ts';
