#!/usr/bin/env node
// The installed `snowline` command: runs the esbuild bundle of cli/main.ts (built by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/snowline.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('snowline: dist/snowline.mjs is missing; run `npm run build` in the Snowline folder first\n');
  process.exit(1);
}
await import(bundle.href);
