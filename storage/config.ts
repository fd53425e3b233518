import { z } from 'zod';
import { targetSchema } from './target-config.ts';

/** The `storage` section of snowline.config.json. */
export const storageConfigSchema = z
  .object({
    postgresUrl: z
      .string()
      .url()
      .optional()
      .describe('Load into this PostgreSQL instead of the embedded one (env SNOWLINE_POSTGRES_URL overrides).'),
    targets: z
      .array(targetSchema)
      .default([])
      .describe('Destinations for `snowline load --to <name>` and `snowline targets check`: files, s3, postgres, redshift.'),
    embeddedPostgresPort: z.number().int().min(0).max(65535).default(5433).describe('Port of the embedded PostgreSQL (psql and BI tools connect here).'),
  })
  .strict();

export type StorageConfig = z.infer<typeof storageConfigSchema>;
