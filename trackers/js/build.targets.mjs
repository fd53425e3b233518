// esbuild targets of the browser tracker (picked up by scripts/build.mjs):
//   dist/sp.js               minified IIFE for the classic async <script> tag, squeezed further by terser
//   dist/tracker/index.js    ES module for bundlers, with declarations (dist/tracker/index.d.ts) emitted by tsc
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { minify } from 'terser';

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

/**
 * terser over esbuild's minified output: several compress passes and, for property names starting with `_` (the
 * tracker's internal fields and methods; never wire, public API, cookie or localStorage names), short names.
 * Together about 4 % less than esbuild alone after gzip, which the size target (a third of the official
 * tracker) needs. esbuild hands the output over in memory (write: false); it is written here when the caller
 * wanted it written, and handed on in memory otherwise (the size benchmark and the browser tests).
 */
const terserPlugin = () => ({
  name: 'tracker-terser',
  setup(build) {
    const writeToDisk = build.initialOptions.write !== false;
    build.initialOptions.write = false;
    build.onEnd(async (result) => {
      if (result.errors.length || !result.outputFiles) return;
      result.outputFiles = await Promise.all(
        result.outputFiles.map(async (file) => {
          const { code } = await minify(file.text, {
            ecma: 2020,
            // Statements left apart rather than joined by commas (sequences: false) repeat more: 7 bytes less after gzip.
            compress: { ecma: 2020, passes: 3, unsafe_arrows: true, pure_getters: true, sequences: false },
            mangle: { properties: { regex: /^_/ } },
            format: { ecma: 2020 },
          });
          const contents = Buffer.from(code);
          if (writeToDisk) {
            await mkdir(path.dirname(file.path), { recursive: true });
            await writeFile(file.path, contents);
          }
          return { path: file.path, contents, text: code, hash: '' };
        }),
      );
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
    // Without the "use strict" prologue that the project's strict tsconfig would add: the IIFE relies on nothing
    // strict mode changes (no `this` of its own, no writes that strict mode would turn into errors).
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    logLevel: 'warning',
    plugins: [terserPlugin()],
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
