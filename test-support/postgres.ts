// Starts a throw-away PostgreSQL cluster for a test: the system binaries (run as the `postgres` user when the
// tests run as root, since PostgreSQL refuses to run as root), on 127.0.0.1 and a free port, fsync off.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chownSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './ports.ts';

export interface TemporaryPostgres {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Opens a client on the cluster (the caller ends it). */
  connect(): Promise<pg.Client>;
  /** Runs one query on a short-lived connection and returns its rows. */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  stop(): Promise<void>;
}

function findBinDir(): string {
  const fromEnv = process.env.SNOWLINE_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((entry) => existsSync(path.join(root, entry, 'bin/initdb')));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  throw new Error('PostgreSQL server binaries not found; install them with: apt-get install -y --no-install-recommends postgresql');
}

/**
 * pg_ctl starts PostgreSQL as a daemon, which outlives a test worker that crashes or is stopped. Each cluster is
 * recorded in the run's registry file (set up by the global setup) so the global teardown can stop what is left.
 */
export const CLUSTER_REGISTRY_ENV = 'SNOWLINE_TEST_CLUSTER_REGISTRY';

function recordCluster(dataDir: string): void {
  const registry = process.env[CLUSTER_REGISTRY_ENV];
  if (registry) appendFileSync(registry, `${dataDir}\n`);
}

/** PostgreSQL refuses to run as root, so a root test run hands the cluster to the `postgres` user. */
function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Runs a PostgreSQL tool as the cluster's owner: the `postgres` user when the tests run as root. */
function runClusterTool(args: readonly string[]): SpawnSyncReturns<string> {
  return runsAsRoot()
    ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' })
    : spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
}

/** The pg_ctl command that stops a cluster at once (nothing in a test cluster needs a clean shutdown). */
function stopCommand(binDir: string, dataDir: string): string[] {
  return [path.join(binDir, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'];
}

/** Stops every recorded cluster that is still running and removes its directory (used by the global teardown). */
export function stopRecordedClusters(registry: string): number {
  if (!existsSync(registry)) return 0;
  let stopped = 0;
  const binDir = findBinDir();
  for (const dataDir of readFileSync(registry, 'utf8').split('\n').filter(Boolean)) {
    if (!existsSync(path.join(dataDir, 'postmaster.pid'))) continue;
    if (runClusterTool(stopCommand(binDir, dataDir)).status === 0) stopped++;
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
  rmSync(registry, { force: true });
  return stopped;
}

export async function startTemporaryPostgres(): Promise<TemporaryPostgres> {
  const binDir = findBinDir();
  // Short path: the socket name must stay under 107 bytes.
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'slpg-'));
  const dataDir = path.join(baseDir, 'data');
  if (runsAsRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(baseDir, uid, gid);
  }
  const run = (args: string[]) => {
    const result = runClusterTool(args);
    if (result.status !== 0) {
      throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
  };
  run([path.join(binDir, 'initdb'), '-D', dataDir, '-U', 'test', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      run([
        path.join(binDir, 'pg_ctl'), '-D', dataDir, '-l', path.join(baseDir, 'log'), '-w', '-t', '30',
        '-o', `-p ${port} -k ${baseDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
        'start',
      ]);
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  recordCluster(dataDir);
  const url = `postgres://test@127.0.0.1:${port}/postgres`;
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  };
  let stopped = false;
  return {
    url,
    port,
    dataDir,
    connect,
    async query(sql, params) {
      const client = await connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(stopCommand(binDir, dataDir));
      } finally {
        rmSync(baseDir, { recursive: true, force: true });
      }
    },
  };
}
