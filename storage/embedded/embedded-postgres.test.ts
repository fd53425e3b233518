import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/ports.ts';
import { embeddedPostgresState, openEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';

async function queryOnce(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  const opened: EmbeddedPostgres[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const server of opened.splice(0)) await server.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function dataDir(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'snowline-embedded-'));
    chmodSync(dir, 0o755);
    dirs.push(dir);
    return dir;
  }

  it('creates a cluster on first use and keeps its data across a restart', async () => {
    const dir = dataDir();
    const port = await freePort();
    const first = await openEmbeddedPostgres({ dataDir: dir, port });
    opened.push(first);
    expect(first.ownsServer).toBe(true);
    await queryOnce(first.url, 'create table kept (value text); insert into kept values ($$still here$$)');
    await first.stop();
    opened.pop();

    const second = await openEmbeddedPostgres({ dataDir: dir, port });
    opened.push(second);
    expect(await queryOnce(second.url, 'select value from kept')).toEqual([{ value: 'still here' }]);
  });

  it('joins a server that another process already runs instead of starting a second one', async () => {
    const dir = dataDir();
    const running = await openEmbeddedPostgres({ dataDir: dir, port: await freePort() });
    opened.push(running);
    const joined = await openEmbeddedPostgres({ dataDir: dir, port: await freePort() });
    expect(joined.ownsServer).toBe(false);
    expect(joined.port).toBe(running.port);
    expect(embeddedPostgresState(dir)).toEqual({ url: running.url, running: true });
  });

  it('refuses connections without the generated password', async () => {
    const dir = dataDir();
    const server = await openEmbeddedPostgres({ dataDir: dir, port: await freePort() });
    opened.push(server);
    const withoutPassword = `postgres://snowline@127.0.0.1:${server.port}/snowline`;
    await expect(queryOnce(withoutPassword, 'select 1')).rejects.toThrow();
  });
});

describe('embedded PostgreSQL under a directory the postgres user cannot enter', () => {
  it('keeps the cluster in /var/lib/snowline and records where', async () => {
    if (process.getuid?.() !== 0) return; // the fallback exists only for root, who runs PostgreSQL as `postgres`
    const privateParent = mkdtempSync(path.join(os.tmpdir(), 'snowline-private-'));
    chmodSync(privateParent, 0o700);
    const dir = path.join(privateParent, 'data');
    const server = await openEmbeddedPostgres({ dataDir: dir, port: await freePort() });
    try {
      expect(server.clusterDir).toMatch(/^\/var\/lib\/snowline\/postgres-[0-9a-f]{16}$/);
      expect(await queryOnce(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await server.stop();
      rmSync(server.clusterDir, { recursive: true, force: true });
      rmSync(privateParent, { recursive: true, force: true });
    }
  });
});
