// Files shipped with enrich (Iglu schemas, the referer database), found both when running from source
// (`enrich/…`) and from the CLI bundle (`dist/snowline.mjs`, next to the `enrich` folder).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function enrichAssetPath(relativePath: string): string {
  const candidates = [new URL(`./${relativePath}`, import.meta.url), new URL(`../enrich/${relativePath}`, import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(`enrich asset ${relativePath} not found next to ${fileURLToPath(import.meta.url)}`);
}
