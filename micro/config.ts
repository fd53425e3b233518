import { z } from 'zod';

/** The `inspector` section: the live inspector and Micro API that `snowline start` serves at /ui and /micro. */
export const inspectorConfigSchema = z
  .object({
    enabled: z
      .enum(['auto', 'on', 'off'])
      .default('auto')
      .describe('Serve /ui and /micro/* on the collector port. `auto`: only when the collector listens on loopback, since they show event data to whoever can reach them.'),
    maxEvents: z.number().int().min(1).default(10_000).describe('Recent events the live view keeps in memory.'),
  })
  .strict();

export type InspectorConfig = z.infer<typeof inspectorConfigSchema>;
