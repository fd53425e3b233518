#!/usr/bin/env -S node --max-semi-space-size=8
// The installed `snowline` command: runs the esbuild bundle of cli/main.ts (built by `npm ci` / `npm run build`).
// 8 MB semi-spaces (Node's default is 16 MB): the collector's garbage is short-lived, so scavenges stay cheap, and
// its resident memory at full rate stays well under its 150 MB bound; 4 MB scavenged twice as often for about 10 MB
// less (docs/collector.md, "Memory").
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/snowline.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('snowline: dist/snowline.mjs is missing; run `npm run build` in the Snowline folder first\n');
  process.exit(1);
}
await import(bundle.href);
