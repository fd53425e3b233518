// Builds the esbuild bundles once before the suite, so tests that run `bin/snowline.js` use the current code, and
// stops at the end any temporary PostgreSQL cluster a crashed or interrupted test file left running.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { CLUSTER_REGISTRY_ENV, stopRecordedClusters } from './postgres.ts';

export default function setup(): () => void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed (node scripts/build.mjs)');
  const registry = path.join(os.tmpdir(), `snowline-test-clusters-${process.pid}`);
  process.env[CLUSTER_REGISTRY_ENV] = registry;
  return () => {
    const stopped = stopRecordedClusters(registry);
    if (stopped > 0) process.stderr.write(`global teardown: stopped ${stopped} PostgreSQL cluster(s) left running by tests\n`);
  };
}
