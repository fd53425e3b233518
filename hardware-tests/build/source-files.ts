// Lists the sources of a source tree the way the Arduino build does (src/ is compiled recursively).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ContentHash } from './build-cache.ts';

const SOURCE_EXTENSIONS = ['.c', '.cpp', '.S'];
const HEADER_EXTENSIONS = ['.h', '.hpp'];
export const CODE_EXTENSIONS = [...SOURCE_EXTENSIONS, ...HEADER_EXTENSIONS];

export function listFiles(dir: string, extensions: readonly string[], recursive = true): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (recursive) files.push(...listFiles(full, extensions, recursive));
    } else if (extensions.some((extension) => entry.endsWith(extension))) {
      files.push(full);
    }
  }
  return files;
}

export function listSources(dir: string, recursive = true): string[] {
  return listFiles(dir, SOURCE_EXTENSIONS, recursive);
}

/** Adds every source and header under `dir` to the hash (names relative to `dir`, so moving a checkout does not rebuild). */
export function hashTree(hash: ContentHash, label: string, dir: string, recursive = true): void {
  for (const file of listFiles(dir, CODE_EXTENSIONS, recursive)) {
    hash.add(`${label}/${path.relative(dir, file)}`, readFileSync(file));
  }
}

/** A unique object-file name for a source, so `a/x.cpp` and `b/x.cpp` do not collide. */
export function objectName(root: string, file: string): string {
  return `${path.relative(root, file).replace(/[\\/]/g, '__')}.o`;
}
