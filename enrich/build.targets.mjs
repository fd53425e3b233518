// Extra esbuild bundles of the enrich stage: the worker thread of `snowline enrich` batch mode, next to the CLI
// bundle (enrich/batch/worker-pool.ts looks for dist/enrich-worker.mjs).
import path from 'node:path';

export default function targets(root) {
  return [
    {
      entryPoints: [path.join(root, 'enrich/batch/enrich-worker.ts')],
      outfile: path.join(root, 'dist/enrich-worker.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
    },
  ];
}
