// The collector's public surface: the HTTP collector with its durable spool, and the sealed raw files it leaves.
export { collectorConfigSchema, type CollectorConfig, type CollectorConfigInput } from './config.ts';
export { createCollector, listSealedFiles, type Collector, type CollectorOptions } from './create-collector.ts';
