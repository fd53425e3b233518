// `snowline query --recipe` against PostgreSQL and `snowline query --files` over enriched files (DuckDB), as a
// user runs them: the real command in its own process, against a real pipeline's output.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';

const snowlineBin = fileURLToPath(new URL('../../bin/snowline.js', import.meta.url));

function snowline(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [snowlineBin, ...args], { encoding: 'utf8', env: { ...process.env, SNOWLINE_POSTGRES_URL: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('snowline query --recipe and --files', () => {
  let pipeline: RunningSnowline;
  beforeAll(async () => {
    pipeline = await startSnowline();
    for (const page of ['/a', '/b', '/a']) {
      await fetch(`${pipeline.collectorUrl}/i?e=pv&aid=recipes&p=web&tv=t&duid=u1&sid=6b3e7d3a-5d0e-4a41-9d38-0f1f8c6f0b1e&vid=1&url=https%3A%2F%2Fexample.com${encodeURIComponent(page)}`);
    }
    await pipeline.waitForRows("select 1 from atomic.events where app_id = 'recipes'", 3);
    await pipeline.pipeline.drain();
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('queries enriched files with no database, atomic.events as a view', () => {
    const goodDir = path.join(pipeline.dataDir, 'enriched', 'good');
    const result = snowline(['query', '--files', goodDir, "select page_urlpath, count(*)::int as views from atomic.events where app_id = 'recipes' group by 1 order by 1", '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([
      { page_urlpath: '/a', views: 2 },
      { page_urlpath: '/b', views: 1 },
    ]);
  });

  it('runs a Hive recipe over enriched files', () => {
    const goodDir = path.join(pipeline.dataDir, 'enriched', 'good');
    const result = snowline(['query', '--files', goodDir, '--recipe', 'events_by_day', '--format', 'json']);
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    // DuckDB's BIGINT counts come out as text, as pg gives them for count(*).
    expect(rows).toEqual([{ day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), event: 'page_view', events: '3' }]);
  });

  it('explains that the analytics layer must be installed, then runs the recipe after `snowline sql install`', () => {
    const before = snowline(['query', '--recipe', 'events_by_day', '--postgres', pipeline.postgresUrl]);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain('snowline sql install');
    expect(snowline(['sql', 'install', '--postgres', pipeline.postgresUrl]).status).toBe(0);
    const after = snowline(['query', '--recipe', 'events_by_day', '--postgres', pipeline.postgresUrl, '--format', 'json']);
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout).length).toBeGreaterThan(0);
  });

  it('names an unknown recipe with near matches, exit code 2', () => {
    const result = snowline(['query', '--recipe', 'page_viewz_by_day', '--postgres', pipeline.postgresUrl]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no postgres recipe named "page_viewz_by_day"/);
  });
});
