// esbuild targets of the browser tracker (picked up by scripts/build.mjs):
//   dist/sp.js               minified IIFE for the classic async <script> tag
//   dist/tracker/index.js    ES module for bundlers, with declarations (dist/tracker/index.d.ts) emitted by tsc
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Browsers of 2019 on (ES2020: optional chaining and ?? kept as they are, which keeps sp.js small).
const browserTarget = 'es2020';

/** Emits the type declarations after the ES module is built (tsc only checks and writes .d.ts files). */
const declarationsPlugin = (root) => ({
  name: 'tracker-declarations',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length) return;
      const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
      const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'trackers/js/tsconfig.declarations.json')], { encoding: 'utf8' });
      if (run.status !== 0) return { errors: [{ text: `tsc declarations failed:\n${run.stdout}${run.stderr}` }] };
    });
  },
});

export default (root) => [
  {
    entryPoints: [path.join(root, 'trackers/js/src/sp.ts')],
    outfile: path.join(root, 'dist/sp.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: browserTarget,
    legalComments: 'none',
    logLevel: 'warning',
  },
  {
    entryPoints: [path.join(root, 'trackers/js/src/index.ts')],
    outfile: path.join(root, 'dist/tracker/index.js'),
    bundle: true,
    format: 'esm',
    target: browserTarget,
    sourcemap: true,
    logLevel: 'warning',
    plugins: [declarationsPlugin(root)],
  },
];
