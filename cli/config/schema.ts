import { z } from 'zod';
import { collectorConfigSchema } from '../../collector/config.ts';
import { enrichConfigSchema } from '../../enrich/config.ts';
import { storageConfigSchema } from '../../storage/config.ts';
import { inspectorConfigSchema } from '../../micro/config.ts';
import { bridgeConfigSchema } from '../../firmware-bridge/config.ts';

/**
 * The whole configuration file, one section per stage. Each stage owns its section's schema (in its own
 * config.ts); this file only composes them. Unknown keys are errors.
 */
export const snowlineConfigSchema = z
  .object({
    dataDir: z.string().min(1).default('./data').describe('Where raw, enriched and bad files and the embedded database live.'),
    collector: collectorConfigSchema.default(collectorConfigSchema.parse({})),
    enrich: enrichConfigSchema.default(enrichConfigSchema.parse({})),
    storage: storageConfigSchema.default(storageConfigSchema.parse({})),
    inspector: inspectorConfigSchema.default(inspectorConfigSchema.parse({})),
    bridge: bridgeConfigSchema.optional().describe('Devices over serial and MQTT (firmware bridge); `snowline start` runs it when serial ports or MQTT are configured.'),
  })
  .strict();

export type SnowlineConfig = z.infer<typeof snowlineConfigSchema>;
