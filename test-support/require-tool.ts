import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * Returns the path of a system tool, or throws with the command that installs it. Tests never skip silently:
 * a tool may only be skipped by name through SNOWLINE_SKIP_TOOLS=tool1,tool2 (never set in CI).
 */
export function requireTool(name: string, debianPackage: string, candidates: readonly string[] = []): string {
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${name} is not installed; install it with: apt-get install -y --no-install-recommends ${debianPackage}` +
        ` (or run scripts/install-system-deps.sh)`,
    );
  }
}

/** True when the user asked to skip tests that need this tool (SNOWLINE_SKIP_TOOLS=name,...). */
export function toolSkipped(name: string): boolean {
  return (process.env.SNOWLINE_SKIP_TOOLS ?? '').split(',').map((entry) => entry.trim()).includes(name);
}
