#!/usr/bin/env -S node --max-semi-space-size=4
// The installed `snowline` command: runs the esbuild bundle of cli/main.ts (built by `npm ci` / `npm run build`).
// A 4 MB young generation (Node's default is 16 MB per semi-space): the collector's garbage is short-lived, so
// scavenges stay cheap, and the resident memory of a collector at full rate drops by about 40 MB (docs/collector.md).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/snowline.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('snowline: dist/snowline.mjs is missing; run `npm run build` in the Snowline folder first\n');
  process.exit(1);
}
await import(bundle.href);
