import { z } from 'zod';

/** The `collector` section of snowline.config.json. Units are in the names. */
export const collectorConfigSchema = z
  .object({
    host: z.string().default('127.0.0.1').describe('Address the collector listens on.'),
    port: z.number().int().min(0).max(65535).default(8080).describe('TCP port of the collector.'),
    /** Sealed spool files are handed to enrich after at most this long. */
    rotateAfterMs: z.number().int().positive().default(1000).describe('Seal the open spool file after this many ms (when it holds records).'),
    rotateAfterBytes: z.number().int().positive().default(64 * 1024 * 1024).describe('Seal the open spool file once it reaches this size.'),
  })
  .strict();

export type CollectorConfig = z.infer<typeof collectorConfigSchema>;
