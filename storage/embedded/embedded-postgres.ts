// The embedded store of `snowline start`: a real PostgreSQL server (binaries from npm) in a child process, with
// its cluster under the data directory, so data survives restarts and psql or BI tools can connect on a local
// port. It runs in its own process, so loading into it never blocks the collector's event loop.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { locatePostgresBinaries } from './postgres-binaries.ts';
import { canTraverse, postgresIdentity, type UnixIdentity } from './run-as-postgres-user.ts';

export const EMBEDDED_DATABASE = 'snowline';
export const EMBEDDED_USER = 'snowline';

export interface EmbeddedPostgres {
  /** Connection URL with credentials, e.g. for `pg` or `psql`. */
  readonly url: string;
  readonly port: number;
  /** The cluster directory. */
  readonly clusterDir: string;
  /** False when another Snowline process already runs this cluster (stop() then leaves it running). */
  readonly ownsServer: boolean;
  stop(): Promise<void>;
}

interface EmbeddedState {
  readonly port: number;
  readonly password: string;
  readonly clusterDir: string;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  /** Port to listen on when this call starts the server. */
  readonly port: number;
  readonly log?: (message: string) => void;
}

function statePath(dataDir: string): string {
  return path.join(dataDir, 'embedded-postgres.json');
}

function readState(dataDir: string): EmbeddedState | undefined {
  const file = statePath(dataDir);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as EmbeddedState;
}

function writeState(dataDir: string, state: EmbeddedState): void {
  writeFileSync(statePath(dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(statePath(dataDir), 0o600);
}

/**
 * Where the cluster lives: `<dataDir>/postgres`, unless we run as root and the `postgres` user cannot reach the
 * data directory (e.g. under /root), in which case it lives in /var/lib/snowline/<hash of the data directory>.
 */
const FALLBACK_ROOT = '/var/lib/snowline';

function chooseClusterDir(dataDir: string, identity: UnixIdentity | undefined): string {
  const inside = path.join(dataDir, 'postgres');
  if (canTraverse(identity, dataDir)) return inside;
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  mkdirSync(FALLBACK_ROOT, { recursive: true });
  chmodSync(FALLBACK_ROOT, 0o755); // enterable by postgres even if an earlier run created it private
  return path.join(FALLBACK_ROOT, `postgres-${hash}`);
}

/** The running postmaster of a cluster, from its postmaster.pid, if that process is alive. */
function runningPostmaster(clusterDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined;
  }
}

function initialiseCluster(initdb: string, clusterDir: string, password: string, identity: UnixIdentity | undefined): void {
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const secretDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-initdb-'));
  const pwfile = path.join(secretDir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (identity) {
    chownSync(clusterDir, identity.uid, identity.gid);
    chownSync(secretDir, identity.uid, identity.gid);
    chownSync(pwfile, identity.uid, identity.gid);
  }
  try {
    const result = spawnSync(
      initdb,
      ['-D', clusterDir, '-U', EMBEDDED_USER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C'],
      { encoding: 'utf8', uid: identity?.uid, gid: identity?.gid },
    );
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr || result.stdout || result.error?.message}`);
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
}

async function waitUntilAccepting(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`the embedded PostgreSQL exited during start-up; its log (${logFile}) ends with:\n${tail}`);
    }
    const client = new pg.Client({ connectionString: maintenanceUrl(url) });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`the embedded PostgreSQL did not accept connections within 60 s (log: ${logFile})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [EMBEDDED_DATABASE]);
    if (exists.rowCount === 0) await client.query(`create database ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
}

/** The same server's `postgres` database (the snowline database may not exist yet). */
function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

function urlFor(state: EmbeddedState, port: number): string {
  return `postgres://${EMBEDDED_USER}:${encodeURIComponent(state.password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

/**
 * Opens the embedded PostgreSQL of a data directory: creates the cluster on first use, starts the server unless
 * another Snowline process already runs it, and returns how to connect.
 */
export async function openEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const identity = postgresIdentity();
  let state = readState(dataDir);
  if (!state) {
    state = { port: options.port, password: randomBytes(18).toString('base64url'), clusterDir: chooseClusterDir(dataDir, identity) };
    writeState(dataDir, state);
  }

  const running = runningPostmaster(state.clusterDir);
  if (running) {
    log(`embedded PostgreSQL already running (pid ${running.pid}) on port ${running.port}`);
    const url = urlFor(state, running.port);
    return { url, port: running.port, clusterDir: state.clusterDir, ownsServer: false, stop: async () => undefined };
  }

  const binaries = await locatePostgresBinaries();
  if (!existsSync(path.join(state.clusterDir, 'PG_VERSION'))) {
    log(`creating the embedded PostgreSQL cluster in ${state.clusterDir}`);
    initialiseCluster(binaries.initdb, state.clusterDir, state.password, identity);
  }
  if (state.port !== options.port) {
    state = { ...state, port: options.port };
    writeState(dataDir, state);
  }
  const logFile = path.join(dataDir, 'postgres.log');
  const logFd = openSync(logFile, 'a');
  if (identity) chownSync(logFile, identity.uid, identity.gid);
  const child = spawn(
    binaries.postgres,
    ['-D', state.clusterDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { stdio: ['ignore', logFd, logFd], uid: identity?.uid, gid: identity?.gid },
  );
  closeSync(logFd);
  const url = urlFor(state, options.port);
  try {
    await waitUntilAccepting(url, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    const inUse = readFileSync(logFile, 'utf8').includes('Address already in use');
    if (inUse) {
      throw new Error(
        `port ${options.port} for the embedded PostgreSQL is in use; choose another with --postgres-port <port> ` +
          '(or storage.embeddedPostgresPort in the config file)',
      );
    }
    throw error;
  }
  await ensureDatabase(url);
  log(`embedded PostgreSQL listening on 127.0.0.1:${options.port}`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    port: options.port,
    clusterDir: state.clusterDir,
    ownsServer: true,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // fast shutdown: a clean checkpoint, open transactions rolled back
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The connection URL of an existing embedded store, without starting anything (undefined if never created). */
export function embeddedPostgresState(dataDir: string): { url: string; running: boolean } | undefined {
  const state = readState(path.resolve(dataDir));
  if (!state) return undefined;
  const running = runningPostmaster(state.clusterDir);
  return { url: urlFor(state, running?.port ?? state.port), running: running !== undefined };
}
