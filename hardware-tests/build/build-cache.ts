// Content-addressed build cache: a build's outputs live in a directory named by the hash of everything that
// went into it (sources, flags, compiler version), so a repeated run with the same inputs costs a stat().
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function buildCacheRoot(): string {
  return process.env.SNOWLINE_AVR_CACHE ?? path.join(REPOSITORY_ROOT, 'node_modules/.cache/snowline-avr');
}

export class ContentHash {
  private readonly hash = createHash('sha256');

  /** Adds a named part; the name and a length prefix keep ("ab","c") and ("a","bc") apart. */
  add(name: string, content: string | Buffer): this {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    this.hash.update(`${name}\0${bytes.length}\0`);
    this.hash.update(bytes);
    return this;
  }

  digest(): string {
    return this.hash.digest('hex').slice(0, 32);
  }
}

const compilerVersions = new Map<string, string>();

/** The compiler's own version line, part of every hash so a compiler upgrade rebuilds everything. */
export function compilerVersion(command: string): string {
  let version = compilerVersions.get(command);
  if (version === undefined) {
    version = execFileSync(command, ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
    compilerVersions.set(command, version);
  }
  return version;
}

/**
 * Returns the cache directory for `key`, building it with `build(tempDir)` first when it is missing. The build
 * writes into a private temporary directory that is renamed into place, so parallel test files that need the
 * same build never see half-written outputs (the loser of a rename race discards its copy).
 */
export async function cachedDirectory(kind: string, key: string, build: (dir: string) => Promise<void>): Promise<{ dir: string; fromCache: boolean }> {
  const parent = path.join(buildCacheRoot(), kind);
  const dir = path.join(parent, key);
  if (existsSync(dir)) return { dir, fromCache: true };
  mkdirSync(parent, { recursive: true });
  const tempDir = mkdtempSync(path.join(parent, `.tmp-${key}-`));
  try {
    await build(tempDir);
    try {
      renameSync(tempDir, dir);
    } catch (error) {
      if (!existsSync(dir)) throw error;
    }
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
  return { dir, fromCache: false };
}
