// Bundles the TypeScript entry points with esbuild. Runs on `npm ci` (prepare) and before the test suite.
import { build } from 'esbuild';
import { readdir, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Each folder may add its own targets in build.targets.mjs (default export: array of esbuild options).
async function collectTargets() {
  const targets = [
    {
      // Split so that each sub-command's chunk imports only the packages it needs (fast start-up).
      entryPoints: { snowline: path.join(root, 'cli/main.ts') },
      outdir: path.join(root, 'dist'),
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks-[name]-[hash]',
      splitting: true,
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

// Chunk names carry content hashes, so old chunks pile up in dist/. Only those untouched for an hour are removed:
// a snowline process started before this build may still load its (older) chunks.
const distDir = path.join(root, 'dist');
if (existsSync(distDir)) {
  for (const file of await readdir(distDir)) {
    if (!file.startsWith('chunks-')) continue;
    const chunk = path.join(distDir, file);
    if (Date.now() - (await stat(chunk)).mtimeMs > 3_600_000) await rm(chunk, { force: true });
  }
}

const targets = await collectTargets();
await Promise.all(targets.map((options) => build(options)));
