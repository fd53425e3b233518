import { z } from 'zod';

// The `enrich` section of snowline.config.json. Units are in the names; every option is described
// (docs/enrich.md lists them with examples).

export const enrichConfigSchema = z
  .object({
    maxJsonDepth: z.number().int().min(1).max(1000).default(40).describe('Deepest nesting accepted in `co`/`cx`/`ue_pr`/`ue_px` JSON; deeper is a schema violation.'),
    truncateFields: z
      .array(z.string().min(1))
      .default(['page_title'])
      .describe('Atomic fields truncated to their maximum length instead of failing the event (the 2013 ETL truncated `page_title`).'),
  })
  .strict();

export type EnrichConfig = z.infer<typeof enrichConfigSchema>;
