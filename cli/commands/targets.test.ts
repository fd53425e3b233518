import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalS3, S3RVER_CREDENTIALS, type LocalS3 } from '../../test-support/s3.ts';
import { freePort } from '../../test-support/ports.ts';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';
import { targetsCommand } from './targets.ts';

let directory: string;
let database: TemporaryPostgres;
let s3: LocalS3;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'sltargets-'));
  database = await startTemporaryPostgres();
  s3 = await startLocalS3(['lake']);
});

afterAll(async () => {
  await s3?.stop();
  await database?.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe('snowline targets check', () => {
  it('reports each target, and names the target and the cause of each failure', async () => {
    const s3Target = { type: 's3', endpoint: s3.endpoint, forcePathStyle: true, checksumsWhenRequiredOnly: true };
    const config = path.join(directory, 'snowline.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        storage: {
          targets: [
            { type: 'files', name: 'local', directory: path.join(directory, 'out') },
            { type: 'postgres', name: 'warehouse', url: database.url },
            { ...s3Target, name: 'lake', bucket: 'lake' },
            { ...s3Target, name: 'typo', bucket: 'no-such-bucket' },
            { type: 'postgres', name: 'down', url: `postgres://test@127.0.0.1:${await freePort()}/postgres` },
          ],
        },
      }),
    );
    process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let code: number;
    let lines: string[];
    try {
      code = await targetsCommand.run(['check', '--config', config]);
    } finally {
      lines = stdout.mock.calls.map((call) => String(call[0]));
      stdout.mockRestore();
    }
    expect(code).toBe(1);
    expect(lines[0]).toBe('ok    local (files)\n');
    expect(lines[1]).toBe('ok    warehouse (postgres)\n');
    expect(lines[2]).toBe('ok    lake (s3)\n');
    expect(lines[3]).toMatch(/^FAIL  typo \(s3\): target "typo" is not usable: bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+: no such bucket\n$/);
    expect(lines[4]).toMatch(/^FAIL  down \(postgres\): target "down" is not usable: .*ECONNREFUSED/);
  });
});
