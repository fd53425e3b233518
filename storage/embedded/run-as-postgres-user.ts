// PostgreSQL refuses to run as root. When Snowline runs as root, the embedded server runs as the system user
// `postgres` (created when missing), and its directory must be reachable by that user.
import { execFileSync } from 'node:child_process';

export interface UnixIdentity {
  readonly uid: number;
  readonly gid: number;
}

/** The identity to run PostgreSQL as: undefined when not root (run as ourselves). */
export function postgresIdentity(): UnixIdentity | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return lookup();
  }
}

/** True when `identity` can enter every directory on the way to `dir` (checked by the kernel, as that user). */
export function canTraverse(identity: UnixIdentity | undefined, dir: string): boolean {
  if (identity === undefined) return true;
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
