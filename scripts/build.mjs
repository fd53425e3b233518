// Bundles the TypeScript entry points with esbuild. Runs on `npm ci` (prepare) and before the test suite.
import { build } from 'esbuild';
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Each folder may add its own targets in build.targets.mjs (default export: array of esbuild options).
async function collectTargets() {
  const targets = [
    {
      entryPoints: [path.join(root, 'cli/main.ts')],
      outfile: path.join(root, 'dist/snowline.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
    },
  ];
  for (const dir of ['trackers/js', 'trackers/pixel', 'trackers/lua', 'firmware-bridge', 'collector', 'enrich', 'storage', 'micro']) {
    const file = path.join(root, dir, 'build.targets.mjs');
    if (existsSync(file)) {
      const mod = await import(file);
      targets.push(...mod.default(root));
    }
  }
  return targets;
}

const targets = await collectTargets();
await Promise.all(targets.map((options) => build(options)));
