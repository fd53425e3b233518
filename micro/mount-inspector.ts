import express, { type Express } from 'express';
import { createMicroApiRouter, type SchemaLookup } from './api-router.ts';
import type { MicroEventStore } from './event-store.ts';
import { uiAssetDirectories } from './ui-assets.ts';

/**
 * Mounts the Micro API at /micro (with the inspector at /micro/ui) on an express application, and the inspector
 * again at each of `extraUiPaths` (e.g. `/ui` for `snowline start`).
 */
export function mountInspector(app: Express, options: { store: MicroEventStore; lookupSchema?: SchemaLookup; extraUiPaths?: readonly string[] }): void {
  const { staticDir, bundleDir } = uiAssetDirectories();
  app.use('/micro', createMicroApiRouter({ store: options.store, lookupSchema: options.lookupSchema, uiDirectories: [staticDir, bundleDir] }));
  for (const uiPath of options.extraUiPaths ?? []) {
    app.use(uiPath, express.static(staticDir, { index: 'index.html', maxAge: 0 }), express.static(bundleDir, { maxAge: 0 }));
  }
}
