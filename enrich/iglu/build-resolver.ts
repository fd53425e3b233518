// The resolver of an enrich configuration: the user's embedded registries in their order, the standard schemas
// shipped with Snowline after them, then the HTTP registries.

import type { EnrichConfig } from '../config.ts';
import { enrichAssetPath } from '../assets.ts';
import { embeddedRegistry, httpRegistry, type Registry } from './registry.ts';
import { Resolver } from './resolver.ts';

export const STANDARD_REGISTRY_NAME = 'Snowline standard schemas';

export function standardSchemasPath(): string {
  return enrichAssetPath('iglu/schemas');
}

export function buildResolver(config: EnrichConfig['iglu'], clock?: () => number): Resolver {
  const registries: Registry[] = config.embeddedRegistryPaths.map((path, index) =>
    embeddedRegistry({ name: `embedded ${path}`, path, priority: index }),
  );
  registries.push(embeddedRegistry({ name: STANDARD_REGISTRY_NAME, path: standardSchemasPath(), priority: registries.length }));
  for (const registry of config.httpRegistries) {
    registries.push(
      httpRegistry({
        name: registry.name,
        uri: registry.uri,
        apiKey: registry.apiKey,
        priority: registry.priority,
        vendorPrefixes: registry.vendorPrefixes,
        timeoutMs: config.httpTimeoutMs,
      }),
    );
  }
  return new Resolver(registries, {
    cacheSize: config.cacheSize,
    cacheTtlMs: config.cacheTtlSeconds === null ? null : config.cacheTtlSeconds * 1000,
    httpRetries: config.httpRetries,
    retryDelayMs: 200,
    ...(clock ? { clock } : {}),
  });
}
