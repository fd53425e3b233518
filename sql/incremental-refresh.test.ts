// The incremental refresh on a real PostgreSQL: the fixture arrives in two loads, some events reach the
// warehouse after later ones were already refreshed (inside the lookback window, and once beyond it), and the
// derived tables are compared with the numbers computed in TypeScript for exactly the events a correct refresh sees.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTsv, type EnrichedEvent } from '../enrich/index.ts';
import { startTemporaryPostgres, type TemporaryPostgres } from '../test-support/postgres.ts';
import { readEnrichedDir } from './fixture/enriched-tsv.ts';
import { expectedViews } from './fixture/expected/index.ts';
import { writeFixtureFiles } from './fixture/generate-fixture.ts';
import { installAnalytics, refreshDerived } from './install.ts';
import { connectAsText } from './test-support/analytics-postgres.ts';
import { canonicalRows, columnsOf } from './test-support/compare-rows.ts';
import { copyEnrichedLines } from './test-support/load-enriched.ts';

const HOUR_MS = 3_600_000;
const fixtureDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-sql-refresh-'));
writeFixtureFiles(fixtureDir);
const events = readEnrichedDir(fixtureDir);
const web = events.filter((e) => e.domain_sessionid !== null);

const sessionEnds = new Map<string, EnrichedEvent>();
for (const event of web) sessionEnds.set(event.domain_sessionid!, event);
// A session in the middle of the fixture whose last event reaches the warehouse only after the first refresh,
// which already saw every later event received before the cut-off: inside the 6-hour lookback window.
const lateInsideWindow = sessionEnds.get(web[Math.floor(web.length / 2)]!.domain_sessionid!)!;
const cutoffMs = lateInsideWindow.collector_tstamp! + HOUR_MS;
// The last event of a session that ended a day before the cut-off, loaded after it: beyond the lookback window.
const lateBeyondWindow = [...sessionEnds.values()].filter((e) => e.collector_tstamp! < cutoffMs - 24 * HOUR_MS).at(-1)!;
const heldBack = new Set([lateInsideWindow, lateBeyondWindow]);
const firstLoad = events.filter((e) => e.collector_tstamp! < cutoffMs && !heldBack.has(e));
const secondLoad = events.filter((e) => !firstLoad.includes(e));

let server: TemporaryPostgres;
let client: pg.Client;

beforeAll(async () => {
  server = await startTemporaryPostgres();
  client = await connectAsText(server.url);
  await installAnalytics(client);
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
  rmSync(fixtureDir, { recursive: true, force: true });
});

async function expectTablesToMatch(seen: readonly EnrichedEvent[]): Promise<void> {
  const { tables } = expectedViews(seen);
  for (const [table, rows] of Object.entries(tables)) {
    const columns = columnsOf(rows);
    const actual = (await client.query(`SELECT ${columns.join(', ')} FROM ${table}`)).rows;
    expect(canonicalRows(actual, columns), table).toEqual(canonicalRows(rows, columns));
  }
}

describe('the incremental refresh of the derived tables', () => {
  it('holds the scenario it claims: two sessions spanning both loads whose only new event was received before the first refresh', () => {
    for (const late of [lateInsideWindow, lateBeyondWindow]) {
      expect(firstLoad.some((e) => e.domain_sessionid === late.domain_sessionid)).toBe(true);
      expect(secondLoad.filter((e) => e.domain_sessionid === late.domain_sessionid)).toEqual([late]);
    }
    expect(Math.max(...firstLoad.map((e) => e.collector_tstamp!))).toBeGreaterThan(lateInsideWindow.collector_tstamp!);
  });

  it('builds every derived row on the first refresh', async () => {
    await copyEnrichedLines(client, firstLoad.map(toTsv));
    const report = await refreshDerived(client);
    expect(report.windowStart).toBe('1970-01-01 00:00:00');
    expect(report.lookbackHours).toBe(6);
    await expectTablesToMatch(firstLoad);
  });

  it('rebuilds only the sessions and devices with new events, whole, including events received within the lookback window', async () => {
    await copyEnrichedLines(client, secondLoad.map(toTsv));
    const report = await refreshDerived(client);
    expect(report.sessions).toBeLessThan(new Set(web.map((e) => e.domain_sessionid)).size);
    await expectTablesToMatch(events.filter((e) => e !== lateBeyondWindow));
  });

  it('leaves an event received before the lookback window to the full refresh, which counts it', async () => {
    const session = lateBeyondWindow.domain_sessionid;
    const before = await client.query('SELECT events FROM derived.sessions WHERE domain_sessionid = $1', [session]);
    const all = events.filter((e) => e.domain_sessionid === session).length;
    expect(before.rows[0]!.events).toBe(all - 1);
    await refreshDerived(client, { full: true });
    await expectTablesToMatch(events);
  });

  it('takes a new lookback window from the command line and rejects one that is not a whole number of hours', async () => {
    expect((await refreshDerived(client, { lookbackHours: 48 })).lookbackHours).toBe(48);
    await expect(refreshDerived(client, { lookbackHours: 1.5 })).rejects.toThrow(/whole number of hours/);
    await expectTablesToMatch(events);
  });
});
