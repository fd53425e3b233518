// Snowline Micro and the live inspector: the in-memory store, the Micro API router and the UI assets.
export { MicroEventStore } from './event-store.ts';
export { createMicroApiRouter, type MicroApiOptions, type SchemaLookup } from './api-router.ts';
export { ingestRawFile, ingestEnrichedFiles } from './ingest.ts';
export { eventToJson } from './event-json.ts';
export { uiAssetDirectories } from './ui-assets.ts';
export type { GoodEvent, BadEvent } from './micro-event.ts';
export { inspectorConfigSchema, type InspectorConfig } from './config.ts';
export { mountInspector } from './mount-inspector.ts';
