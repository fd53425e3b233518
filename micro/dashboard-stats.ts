// The figures behind the dashboard, computed from the records Micro (or `start`'s live view) holds in memory.
import type { StoredEvent } from './micro-event.ts';
import { deviceIdOf } from './event-json.ts';

export interface DashboardStats {
  readonly generatedAt: string;
  readonly totals: { total: number; good: number; bad: number; badRate: number };
  /** Events per minute over the last hour, oldest first. */
  readonly eventsPerMinute: ReadonlyArray<{ minute: string; good: number; bad: number }>;
  /** Page views and distinct users per UTC day, oldest first. */
  readonly perDay: ReadonlyArray<{ day: string; pageViews: number; uniqueUsers: number }>;
  readonly topPages: ReadonlyArray<{ page: string; pageViews: number }>;
  readonly topReferrers: ReadonlyArray<{ referrer: string; events: number }>;
  readonly devices: ReadonlyArray<{ deviceId: string; events: number; lastSeen: string }>;
}

function top<K extends string>(counts: Map<string, number>, limit: number, key: K): Array<Record<K, string> & { count: number }> {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name, count]) => ({ [key]: name, count }) as Record<K, string> & { count: number });
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function dashboardStats(records: readonly StoredEvent[], now = Date.now()): DashboardStats {
  const minuteStart = Math.floor(now / 60_000) * 60_000 - 59 * 60_000;
  const minutes = Array.from({ length: 60 }, (_, index) => ({ minute: new Date(minuteStart + index * 60_000).toISOString().slice(11, 16), good: 0, bad: 0 }));
  const days = new Map<string, { pageViews: number; users: Set<string> }>();
  const pages = new Map<string, number>();
  const referrers = new Map<string, number>();
  const devices = new Map<string, { events: number; lastSeen: number }>();
  let good = 0;
  let bad = 0;
  for (const record of records) {
    const bucket = Math.floor((record.receivedAt - minuteStart) / 60_000);
    if (bucket >= 0 && bucket < 60) minutes[bucket]![record.kind]++;
    if (record.kind === 'bad') {
      bad++;
      continue;
    }
    good++;
    const event = record.enriched;
    const time = event.derived_tstamp ?? event.collector_tstamp ?? record.receivedAt;
    const day = new Date(time).toISOString().slice(0, 10);
    const dayStats = days.get(day) ?? { pageViews: 0, users: new Set<string>() };
    days.set(day, dayStats);
    const user = event.domain_userid ?? event.network_userid ?? event.user_id;
    if (user) dayStats.users.add(user);
    if (event.event === 'page_view') {
      dayStats.pageViews++;
      if (event.page_urlhost) increment(pages, `${event.page_urlhost}${event.page_urlpath ?? ''}`);
    }
    if (event.refr_urlhost && event.refr_urlhost !== event.page_urlhost) increment(referrers, event.refr_urlhost);
    const deviceId = deviceIdOf(record.good.event);
    if (deviceId !== null) {
      const device = devices.get(deviceId) ?? { events: 0, lastSeen: 0 };
      device.events++;
      device.lastSeen = Math.max(device.lastSeen, event.collector_tstamp ?? record.receivedAt);
      devices.set(deviceId, device);
    }
  }
  const total = good + bad;
  return {
    generatedAt: new Date(now).toISOString(),
    totals: { total, good, bad, badRate: total === 0 ? 0 : bad / total },
    eventsPerMinute: minutes,
    perDay: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(-14).map(([day, stats]) => ({ day, pageViews: stats.pageViews, uniqueUsers: stats.users.size })),
    topPages: top(pages, 10, 'page').map(({ page, count }) => ({ page, pageViews: count })),
    topReferrers: top(referrers, 10, 'referrer').map(({ referrer, count }) => ({ referrer, events: count })),
    devices: [...devices.entries()]
      .sort((a, b) => b[1].lastSeen - a[1].lastSeen)
      .slice(0, 50)
      .map(([deviceId, device]) => ({ deviceId, events: device.events, lastSeen: new Date(device.lastSeen).toISOString() })),
  };
}
