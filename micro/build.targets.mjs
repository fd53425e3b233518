import path from 'node:path';

/** The inspector UI bundle (static HTML and CSS are served from micro/ui/static). */
export default (root) => [
  {
    entryPoints: [path.join(root, 'micro/ui/app.ts')],
    outfile: path.join(root, 'dist/micro-ui/app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  },
];
