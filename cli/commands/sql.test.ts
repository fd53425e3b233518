// `snowline sql` as users run it (the built bin/snowline.js) against a real PostgreSQL loaded with the fixture.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnrichedDir, readEnrichedLines } from '../../sql/fixture/enriched-tsv.ts';
import { writeFixtureFiles } from '../../sql/fixture/generate-fixture.ts';
import { copyEnrichedLines } from '../../sql/test-support/load-enriched.ts';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../test-support/postgres.ts';

const snowlineBin = fileURLToPath(new URL('../../bin/snowline.js', import.meta.url));
const fixtureDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-sql-cli-'));
writeFixtureFiles(fixtureDir);
let server: TemporaryPostgres;

function snowline(...args: string[]) {
  return spawnSync(process.execPath, [snowlineBin, ...args], { encoding: 'utf8', cwd: fixtureDir });
}

beforeAll(async () => {
  server = await startTemporaryPostgres();
});

afterAll(async () => {
  await server?.stop();
  rmSync(fixtureDir, { recursive: true, force: true });
});

describe('snowline sql', () => {
  it('installs the analytics layer, and installs it again without harm', async () => {
    for (let run = 0; run < 2; run++) {
      const result = snowline('sql', 'install', '--postgres', server.url);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^installed the analytics layer \(\d+ statements\)\n$/);
    }
    const schemas = await server.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'recipes_%' OR nspname LIKE 'cubes_%' OR nspname = 'derived' ORDER BY 1`);
    expect(schemas.map((row) => row.nspname)).toEqual(['cubes_ecomm', 'cubes_pages', 'cubes_visits', 'derived', 'recipes_basic', 'recipes_catalog', 'recipes_customer']);
  });

  it('refreshes the derived tables from the loaded events and reports what it rebuilt', async () => {
    const client = await server.connect();
    try {
      await copyEnrichedLines(client, readEnrichedLines(fixtureDir));
    } finally {
      await client.end();
    }
    const sessions = new Set(readEnrichedDir(fixtureDir).map((e) => e.domain_sessionid).filter(Boolean)).size;
    const result = snowline('sql', 'refresh', '--postgres', server.url, '--lookback-hours', '12');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`refreshed ${sessions} sessions and 3 devices with events received after 1970-01-01 00:00:00 (lookback 12 h)`);
    expect(await server.query('SELECT COUNT(*)::int AS n FROM derived.sessions')).toEqual([{ n: sessions }]);
    const again = snowline('sql', 'refresh', '--postgres', server.url);
    expect(again.stdout).toMatch(/refreshed \d+ sessions and \d+ devices with events received after 2026-03-\d\d .*\(lookback 12 h\)/);
  });

  it('lists the recipes and prints one in the dialect asked for', () => {
    const list = snowline('sql', 'recipes');
    expect(list.stdout).toContain('recipes_basic.bounce_rate_by_day  [postgres, redshift, hive]\n    what share of each day');
    const hive = snowline('sql', 'show', 'bounce_rate_by_day', '--dialect', 'hive');
    expect(hive.status).toBe(0);
    expect(hive.stdout).toMatch(/^SELECT start_day AS day, COUNT\(\*\) AS visits, SUM\(is_bounce\)/);
  });

  it('explains a mistake instead of failing obscurely', () => {
    const unknown = snowline('sql', 'show', 'bounce_rates');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no postgres recipe named "bounce_rates": did you mean recipes_basic.bounce_rate_by_day');
    const lookback = snowline('sql', 'refresh', '--postgres', server.url, '--lookback-hours', '1.5');
    expect(lookback.status).toBe(2);
    expect(lookback.stderr).toContain('--lookback-hours must be a whole number of hours, got "1.5"');
    expect(snowline('sql', 'vacuum').stderr).toContain('unknown action "vacuum"');
  });
});
