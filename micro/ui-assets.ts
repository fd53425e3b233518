// Where the inspector's files are: static HTML/CSS in micro/ui/static and the esbuild bundle in dist/micro-ui,
// found from the package root (this module also runs from the CLI bundle in dist/).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'snowline') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Snowline package root for the inspector UI');
    dir = parent;
  }
}

export function uiAssetDirectories(): { staticDir: string; bundleDir: string } {
  const root = packageRoot();
  const bundleDir = path.join(root, 'dist/micro-ui');
  if (!existsSync(path.join(bundleDir, 'app.js'))) {
    throw new Error(`the inspector UI is not built (${bundleDir}/app.js is missing): run \`npm run build\``);
  }
  return { staticDir: path.join(root, 'micro/ui/static'), bundleDir };
}
