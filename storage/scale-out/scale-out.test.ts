// The scale-out mode end to end, every part a separate process: two `snowline collector`s upload sealed raw files to a
// local S3-compatible server, two enrich workers claim raw objects through leases in PostgreSQL and write enriched
// objects back to S3, one `snowline load --watch` loads them into PostgreSQL. One worker is killed with SIGKILL in the
// middle of an object; every event still lands exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/ports.ts';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { startLocalS3, S3RVER_CREDENTIALS, type LocalS3 } from '../../test-support/s3.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUCKET = 'pipeline';
const EVENTS_PER_COLLECTOR = 60;

interface Running {
  readonly child: ChildProcess;
  output: string;
}

const running: Running[] = [];
let directory: string;
let s3: LocalS3;
let database: TemporaryPostgres;

function start(args: string[]): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const process_: Running = { child, output: '' };
  child.stdout!.on('data', (chunk: Buffer) => (process_.output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (process_.output += chunk.toString()));
  running.push(process_);
  return process_;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; outputs:\n${running.map((entry) => entry.output.slice(-800)).join('\n---\n')}`);
    await sleep(50);
  }
}

async function startCollector(hostId: string): Promise<{ port: number }> {
  const port = await freePort();
  const config = path.join(directory, `${hostId}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      collector: {
        hostId,
        rotateAfterMs: 300,
        sinks: [{ type: 's3', bucket: BUCKET, prefix: 'raw/', endpoint: s3.endpoint, forcePathStyle: true, checksumsWhenRequiredOnly: true }],
      },
    }),
  );
  const collector = start(['cli/main.ts', 'collector', '--port', String(port), '--data-dir', path.join(directory, hostId), '--config', config]);
  await waitFor(`collector ${hostId}`, () => collector.output.includes('listening on'), 30_000);
  return { port };
}

function startWorker(workerId: string, postgresUrl: string): Running {
  const options = {
    workerId,
    bucket: BUCKET,
    rawPrefix: 'raw/',
    outputPrefix: 'snowline/',
    postgresUrl,
    endpoint: s3.endpoint,
    leaseMs: 1500,
    pollIntervalMs: 150,
    pauseAfterClaimMs: 250,
  };
  return start(['storage/scale-out/enrich-worker-main.ts', JSON.stringify(options)]);
}

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'slscale-'));
  s3 = await startLocalS3([BUCKET]);
  database = await startTemporaryPostgres();
});

afterAll(async () => {
  for (const entry of running) if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill('SIGKILL');
  await s3?.stop();
  await database?.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe('scale-out mode', () => {
  it('finds every event exactly once after two collectors, two workers (one killed mid-object) and a loader ran', async () => {
    const collectors = await Promise.all([startCollector('c1'), startCollector('c2')]);
    const workerA = startWorker('worker-a', database.url);
    const workerB = startWorker('worker-b', database.url);
    const loader = start([
      'cli/main.ts', 'load', '--from', `s3://${BUCKET}/snowline/enriched/good/`, '--to', database.url,
      '--s3-endpoint', s3.endpoint, '--watch', '--watch-interval-ms', '300', '--quiet',
    ]);

    // Events in waves, so that each collector seals (and uploads) several raw files.
    const eventIds: string[] = [];
    for (let wave = 0; wave < 4; wave++) {
      await Promise.all(
        collectors.flatMap(({ port }) =>
          Array.from({ length: EVENTS_PER_COLLECTOR / 4 }, async () => {
            const eventId = randomUUID();
            eventIds.push(eventId);
            const response = await fetch(`http://127.0.0.1:${port}/i?e=pv&p=web&aid=scale&tv=js-4.10.1&eid=${eventId}&url=${encodeURIComponent('https://shop.example/')}`);
            expect(response.status).toBe(200);
            await response.arrayBuffer();
          }),
        ),
      );
      await sleep(400);
    }

    // Kill worker A while it holds a claim (it pauses just after claiming, so this is mid-object).
    await waitFor('worker A to claim an object', () => (workerA.output.match(/^claimed /gm) ?? []).length >= 2, 30_000);
    const killedKey = workerA.output.match(/^claimed (\S+)$/gm)!.at(-1)!.slice('claimed '.length);
    workerA.child.kill('SIGKILL');

    const countEvents = async () => Number((await database.query<{ count: string }>("SELECT count(*) FROM atomic.events WHERE app_id = 'scale'").catch(() => [{ count: '0' }]))[0]!.count);
    await waitFor(`all ${eventIds.length} events in atomic.events`, async () => (await countEvents()) >= eventIds.length, 90_000);
    await sleep(1000);

    const rows = await database.query<{ event_id: string; copies: string }>(
      "SELECT event_id, count(*) AS copies FROM atomic.events WHERE app_id = 'scale' GROUP BY event_id",
    );
    expect(rows.filter((row) => Number(row.copies) !== 1)).toEqual([]);
    expect(rows.map((row) => row.event_id).sort()).toEqual([...eventIds].sort());
    // The object worker A died on was taken over after its lease ran out, and finished by worker B.
    const [claim] = await database.query<{ worker_id: string; attempts: number; done: boolean }>(
      'SELECT worker_id, attempts, done_at IS NOT NULL AS done FROM atomic.snowline_claims WHERE object_key = $1',
      [killedKey],
    );
    expect(claim).toEqual({ worker_id: 'worker-b', attempts: 2, done: true });
    expect(workerB.child.exitCode).toBeNull();
    for (const entry of [workerB, loader]) entry.child.kill('SIGTERM');
  }, 180_000);
});
