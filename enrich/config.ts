import { z } from 'zod';
import { enrichmentsConfigSchema } from './enrichments/config.ts';

// The `enrich` section of snowline.config.json. Units are in the names; every option is described
// (docs/enrich.md lists them with examples).

const httpRegistrySchema = z
  .object({
    name: z.string().min(1).describe('Name shown in lookup histories of bad rows.'),
    uri: z.string().url().describe('Base URI: a static registry (`…` holding `schemas/`) or an Iglu Server (`…/api`).'),
    apiKey: z.string().min(1).nullable().default(null).describe('Iglu Server api key for private schemas (better from the environment).'),
    priority: z.number().int().min(0).default(0).describe('Lower is asked first, among registries of the same kind.'),
    vendorPrefixes: z.array(z.string().min(1)).default([]).describe('Vendors this registry is asked first for.'),
  })
  .strict();

const igluSchema = z
  .object({
    embeddedRegistryPaths: z
      .array(z.string().min(1))
      .default([])
      .describe('Directories in the static Iglu layout (`schemas/<vendor>/<name>/jsonschema/<version>`), asked in this order before the standard schemas shipped with Snowline.'),
    httpRegistries: z.array(httpRegistrySchema).default([]).describe('HTTP registries, asked after the embedded ones; their answers are cached.'),
    cacheSize: z.number().int().min(1).default(500).describe('Schemas kept in the resolver cache (LRU).'),
    cacheTtlSeconds: z.number().int().min(1).nullable().default(600).describe('How long a resolved (or missing) schema is cached; null keeps it for the whole run.'),
    httpTimeoutMs: z.number().int().min(1).default(5000).describe('Timeout of one HTTP registry request.'),
    httpRetries: z.number().int().min(0).max(10).default(3).describe('Extra attempts when an HTTP registry fails with anything but 404.'),
  })
  .strict();

export const enrichConfigSchema = z
  .object({
    maxJsonDepth: z.number().int().min(1).max(1000).default(40).describe('Deepest nesting accepted in `co`/`cx`/`ue_pr`/`ue_px` JSON; deeper is a schema violation.'),
    truncateFields: z
      .array(z.string().min(1))
      .default(['page_title'])
      .describe('Atomic fields truncated to their maximum length instead of failing the event (the 2013 ETL truncated `page_title`).'),
    iglu: igluSchema.default(igluSchema.parse({})).describe('Where schemas of self-describing JSON are resolved.'),
    enrichments: enrichmentsConfigSchema.default(enrichmentsConfigSchema.parse({})).describe('Each enrichment, on or off, with its parameters.'),
  })
  .strict();

export type EnrichConfig = z.infer<typeof enrichConfigSchema>;
