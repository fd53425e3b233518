import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLUSTER_REGISTRY_ENV, startTemporaryPostgres, stopRecordedClusters, type TemporaryPostgres } from './postgres.ts';

describe('temporary PostgreSQL', () => {
  let postgres: TemporaryPostgres;
  beforeAll(async () => {
    postgres = await startTemporaryPostgres();
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  it('answers queries on 127.0.0.1 and a free port', async () => {
    const rows = await postgres.query<{ answer: number }>('select 41 + 1 as answer');
    expect(rows[0]?.answer).toBe(42);
    expect(postgres.url).toMatch(/^postgres:\/\/test@127\.0\.0\.1:\d+\/postgres$/);
  });

  it('records each cluster, so the global teardown stops and removes one a test left running', async () => {
    const registryDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-registry-'));
    const registry = path.join(registryDir, 'clusters');
    vi.stubEnv(CLUSTER_REGISTRY_ENV, registry);
    let leftRunning: TemporaryPostgres;
    try {
      leftRunning = await startTemporaryPostgres();
    } finally {
      vi.unstubAllEnvs();
    }
    try {
      expect(stopRecordedClusters(registry)).toBe(1);
      expect(existsSync(leftRunning.dataDir)).toBe(false);
      expect(existsSync(registry)).toBe(false);
      await expect(leftRunning.connect()).rejects.toThrow();
    } finally {
      rmSync(registryDir, { recursive: true, force: true });
    }
  });
});
