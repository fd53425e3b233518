// nginx with the Lua module, started by the test, tracking every request in log_by_lua while serving it.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startNginx, trackingSite, type RunningNginx } from './nginx.ts';
import { startRecordingCollector, type RecordingCollector } from './recording-collector.ts';

interface Stats {
  queued: number;
  sent: number;
  failed: number;
  dropped: number;
  retried: number;
}

async function fetchStats(nginx: RunningNginx): Promise<Stats> {
  return (await (await fetch(`${nginx.url}/snowline-stats`)).json()) as Stats;
}

describe('OpenResty emitter in nginx log_by_lua', () => {
  let nginx: RunningNginx | undefined;
  let collector: RecordingCollector | undefined;
  let blackhole: net.Server | undefined;
  let heldSockets: net.Socket[] = [];
  afterEach(async () => {
    for (const socket of heldSockets) socket.destroy();
    heldSockets = [];
    await nginx?.stop();
    await collector?.stop();
    await new Promise<void>((resolve) => (blackhole ? blackhole.close(() => resolve()) : resolve()));
    nginx = collector = blackhole = undefined;
  });

  it('tracks every request it serves, batched into POSTs from a timer', async () => {
    collector = await startRecordingCollector();
    nginx = await startNginx(trackingSite(collector.url));
    for (let i = 0; i < 25; i++) {
      const response = await fetch(`${nginx.url}/page/${i}?q=${i}`, { headers: { 'User-Agent': `tester/${i}`, Referer: 'https://ref.example/' } });
      expect(await response.text()).toBe('hello\n');
    }
    const deadline = Date.now() + 10_000;
    let events: Record<string, string>[] = [];
    while (events.length < 25 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      events = collector.requests.flatMap((request) => (JSON.parse(request.body) as { data: Record<string, string>[] }).data);
    }
    expect(events).toHaveLength(25);
    expect(collector.requests.length).toBeLessThan(25);
    expect(collector.requests.every((request) => request.method === 'POST' && request.url === '/com.snowplowanalytics.snowplow/tp2')).toBe(true);
    expect(events.map((event) => event.url)).toEqual(Array.from({ length: 25 }, (_, i) => `http://127.0.0.1/page/${i}?q=${i}`));
    expect(events[3]).toMatchObject({ e: 'pv', tna: 'nginx', aid: 'site', p: 'srv', ip: '127.0.0.1', ua: 'tester/3', refr: 'https://ref.example/' });
    expect(new Set(events.map((event) => event.eid)).size).toBe(25);
    expect(events[0]!.dtm).toMatch(/^\d{13}$/);
    expect(await fetchStats(nginx)).toMatchObject({ queued: 0, sent: 25, dropped: 0 });
    expect(nginx.errorLog()).not.toMatch(/\[error\]|snowline:/);
  });

  it('sends what is still queued when nginx shuts down gracefully', async () => {
    collector = await startRecordingCollector();
    nginx = await startNginx(trackingSite(collector.url, { flushIntervalMs: 600_000 }));
    for (let i = 0; i < 3; i++) await (await fetch(`${nginx.url}/before-shutdown/${i}`)).text();
    expect(await fetchStats(nginx)).toMatchObject({ queued: 3, sent: 0 });
    expect(collector.requests).toHaveLength(0);
    await nginx.stop();
    nginx = undefined;
    const events = collector.requests.flatMap((request) => (JSON.parse(request.body) as { data: Record<string, string>[] }).data);
    expect(events.map((event) => event.url)).toEqual([0, 1, 2].map((i) => `http://127.0.0.1/before-shutdown/${i}`));
  });

  it('answers every request while the collector accepts connections and never answers', async () => {
    const held: net.Socket[] = [];
    blackhole = net.createServer((socket) => {
      held.push(socket);
      socket.on('error', () => undefined);
    });
    heldSockets = held;
    await new Promise<void>((resolve) => blackhole!.listen(0, '127.0.0.1', () => resolve()));
    const port = (blackhole.address() as net.AddressInfo).port;
    nginx = await startNginx(trackingSite(`http://127.0.0.1:${port}`, { timeoutMs: 30_000, flushIntervalMs: 10 }));
    // First the tracker's request to the collector is in flight and held open...
    await (await fetch(`${nginx.url}/first`)).text();
    const deadline = Date.now() + 10_000;
    while (held.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(held.length).toBe(1);
    // ...then every request is answered while it is still held.
    const answered: string[] = [];
    const requests = Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const response = await fetch(`${nginx!.url}/slow-collector/${i}`);
        answered.push(await response.text());
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`only ${answered.length} of 40 answered; nginx log:\n${nginx!.errorLog().slice(-3000)}`)), 20_000);
    });
    await Promise.race([requests, stuck]).finally(() => clearTimeout(timer));
    expect(answered).toEqual(Array.from({ length: 40 }, () => 'hello\n'));
    expect(held[0]!.destroyed).toBe(false);
    const stats = await fetchStats(nginx);
    expect(stats.sent).toBe(0);
    expect(stats.queued).toBe(41);
  });
});
