import { z } from 'zod';

/** The `enrich` section of snowline.config.json. */
export const enrichConfigSchema = z.object({}).strict();

export type EnrichConfig = z.infer<typeof enrichConfigSchema>;
