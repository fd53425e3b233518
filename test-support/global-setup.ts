// Builds the esbuild bundles once before the suite, so tests that run `bin/snowline.js` use the current code.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed (node scripts/build.mjs)');
}
