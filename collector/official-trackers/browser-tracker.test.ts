// The official @snowplow/browser-tracker (from npm) in headless Chromium as a client of the collector: the page
// is served from another origin, so every request is a credentialed CORS request, as on a real site.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test-support/chromium.ts';
import { startTemporaryCollector, type TemporaryCollector } from '../testing/temporary-collector.ts';

const trackerBundlePath = createRequire(import.meta.url).resolve('@snowplow/browser-tracker/dist/index.umd.min.js');

let collector: TemporaryCollector;
let browser: Browser;
let pageServer: http.Server;
let pageOrigin: string;

function pageHtml(collectorUrl: string, eventMethod: 'get' | 'post', appId: string): string {
  return `<!doctype html><html><head><title>Browser tracker test</title><script src="/tracker.js"></script></head><body><script>
    const sp = window.snowplowBrowserTracking;
    sp.newTracker('sp1', ${JSON.stringify(collectorUrl)}, { appId: ${JSON.stringify(appId)}, eventMethod: ${JSON.stringify(eventMethod)}, bufferSize: 1, stateStorageStrategy: 'none' });
    window.tracked = [];
    sp.trackPageView();
    for (let index = 0; index < 4; index++) sp.trackStructEvent({ category: 'browser', action: 'click', label: String(index), value: index });
    window.done = new Promise((resolve) => setTimeout(resolve, 10)).then(() => sp.flushBuffer());
  </script></body></html>`;
}

beforeAll(async () => {
  collector = await startTemporaryCollector({ rotateAfterMs: 200 });
  const bundle = await readFile(trackerBundlePath);
  pageServer = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/tracker.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
      return;
    }
    const method = url.searchParams.get('method') === 'get' ? 'get' : 'post';
    response.writeHead(200, { 'Content-Type': 'text/html' }).end(pageHtml(collector.url, method, url.searchParams.get('app') ?? 'app'));
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  const address = pageServer.address() as { port: number };
  // Another port is another origin: the tracker's requests are cross-origin with credentials (same site, so the
  // collector's cookie is first-party, as with a collector on a sub-domain of the site).
  pageOrigin = `http://127.0.0.1:${address.port}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
  await collector?.stop();
});

async function recordsOfApp(appId: string) {
  return (await collector.records()).filter((record) => String(record.querystring).includes(`aid=${appId}`) || String(record.body).includes(`"aid":"${appId}"`));
}

function eventsOf(record: Record<string, unknown>): Record<string, string>[] {
  if (record.body) return (JSON.parse(String(record.body)) as { data: Record<string, string>[] }).data;
  return [Object.fromEntries(new URLSearchParams(String(record.querystring)))];
}

async function waitForEvents(appId: string, count: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const records = await recordsOfApp(appId);
    if (records.flatMap(eventsOf).length >= count || Date.now() > deadline) return records;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('@snowplow/browser-tracker in headless Chromium', () => {
  for (const eventMethod of ['post', 'get'] as const) {
    it(`delivers every event by ${eventMethod.toUpperCase()} through credentialed CORS, and the sp cookie comes back`, async () => {
      const appId = `browser-${eventMethod}`;
      const context = await browser.newContext();
      const page = await context.newPage();
      const answers: { status: number; allowOrigin: string | null; allowCredentials: string | null }[] = [];
      page.on('response', (response) => {

        if (!response.url().startsWith(collector.url)) return;
        const headers = response.headers();
        answers.push({ status: response.status(), allowOrigin: headers['access-control-allow-origin'] ?? null, allowCredentials: headers['access-control-allow-credentials'] ?? null });
      });
      await page.goto(`${pageOrigin}/?method=${eventMethod}&app=${appId}`);
      await page.evaluate(() => (window as unknown as { done: Promise<void> }).done);
      const records = await waitForEvents(appId, 5);
      const events = records.flatMap(eventsOf);
      expect(events.map((event) => event.e).sort()).toEqual(['pv', 'se', 'se', 'se', 'se']);
      expect(new Set(events.map((event) => event.eid)).size).toBe(5);
      for (const record of records) {
        expect((record.headers as string[]).some((header) => header.toLowerCase() === `origin: ${pageOrigin}`)).toBe(true);
      }
      // Records are durable before their answer is sent: wait for the browser to see every answer.
      const deadline = Date.now() + 5000;
      while (answers.filter((answer) => answer.status === 200).length < records.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const collected = answers.filter((answer) => answer.status === 200);
      expect(collected).toHaveLength(records.length);
      for (const answer of collected) expect(answer).toMatchObject({ allowOrigin: pageOrigin, allowCredentials: 'true' });
      // The browser stored the collector's cookie and sent it back on later requests: one network user id.
      const cookies = await context.cookies(collector.url);
      const sp = cookies.find((cookie) => cookie.name === 'sp');
      expect(sp).toMatchObject({ httpOnly: true, secure: true, sameSite: 'None' });
      const ids = new Set(records.map((record) => record.networkUserId));
      expect(records.length > 1 ? [...ids] : [sp!.value]).toEqual([sp!.value]);
      await context.close();
    });
  }
});
