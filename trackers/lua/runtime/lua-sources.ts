// The Lua sources the runtime serves to `require`: the tracker modules, read once from trackers/lua (found
// both from the source tree and from the esbuild bundle in dist/).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findTrackerDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '..'), path.resolve(here, '../trackers/lua')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'snowline.lua')));
  if (!found) throw new Error(`the Lua tracker sources (snowline.lua) were not found in ${candidates.join(' or ')}`);
  return found;
}

/** The folder holding snowline.lua and snowline/, the one to put on package.path as `<dir>/?.lua`. */
export const luaTrackerDir = findTrackerDir();

let cached: ReadonlyMap<string, string> | undefined;

/** Module name → source, for `snowline` and every `snowline.*` module. */
export function trackerModuleSources(): ReadonlyMap<string, string> {
  if (cached) return cached;
  const sources = new Map<string, string>();
  sources.set('snowline', readFileSync(path.join(luaTrackerDir, 'snowline.lua'), 'utf8'));
  for (const file of readdirSync(path.join(luaTrackerDir, 'snowline'))) {
    if (file.endsWith('.lua')) {
      sources.set(`snowline.${file.slice(0, -4)}`, readFileSync(path.join(luaTrackerDir, 'snowline', file), 'utf8'));
    }
  }
  cached = sources;
  return sources;
}

export function sandboxPreludeSource(): string {
  return readFileSync(path.join(luaTrackerDir, 'runtime', 'sandbox.lua'), 'utf8');
}
