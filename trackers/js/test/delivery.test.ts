import { describe, expect, it } from 'vitest';
import { html } from './page-server.ts';
import { newTrackerCommand, useBrowserFixture } from './browser-fixture.ts';

const fixture = useBrowserFixture();
const structured = (e: Record<string, string>) => e.e == 'se';

describe('delivery from the browser', () => {
  it('delivers events queued while the collector is down once it is back, each exactly once', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage(
      '/offline',
      `${newTrackerCommand(collector.url)}
       window.track = (n) => { for (let i = 0; i < n; i++) snowplow('trackStructEvent', { category: 'offline', action: 'a' + i }); };`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await collector.down();
    await page.evaluate(() => (window as unknown as { track(n: number): void }).track(5));
    await page.waitForTimeout(700);
    await collector.up();
    const events = await collector.waitForEvents(structured, 5);
    await page.waitForTimeout(500);
    expect(collector.events().filter(structured).map((e) => e.se_ac).sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(new Set(events.map((e) => e.eid)).size).toBe(5);
  });

  it('keeps events in localStorage across a reload while the collector is down, and sends them from the next page', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage('/reload-queue', `${newTrackerCommand(collector.url)} if (location.hash == '#track') snowplow('trackStructEvent', { category: 'reload', action: 'queued' });`);
    const { page } = await fixture.newPage();
    await collector.down();
    await page.goto(url + '#track');
    await page.waitForFunction(() => localStorage.getItem('snowplowOutQueue_sp1_post2')?.includes('queued'));
    await page.goto('about:blank');
    await collector.up();
    await page.goto(url);
    const events = await collector.waitForEvents((e) => e.se_ac == 'queued');
    await page.waitForTimeout(500);
    expect(collector.events().filter((e) => e.se_ac == 'queued')).toHaveLength(1);
    expect(events[0]!.url).toBe(url + '#track');
    expect(await page.evaluate(() => localStorage.getItem('snowplowOutQueue_sp1_post2'))).toBeNull();
  });

  it('delivers the last event of a page that navigates away at once', async () => {
    const { pages, collector } = fixture;
    pages.page('/next', html('Next', ''));
    const url = fixture.tagPage(
      '/leaving',
      `${newTrackerCommand(collector.url, { bufferSize: 10 })}
       window.leave = () => { snowplow('trackStructEvent', { category: 'unload', action: 'last' }); location.href = '/next'; };`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.evaluate(() => (window as unknown as { leave(): void }).leave());
    await page.waitForURL(pages.url + '/next');
    const [event] = await collector.waitForEvents((e) => e.se_ac == 'last');
    const request = collector.requests.find((r) => r.body.includes('"last"'))!;
    expect(event!.se_ca).toBe('unload');
    expect(request.method).toBe('POST');
  });

  it('delivers what is queued when the page is hidden, through the visibilitychange event bubbling from the document', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage('/hidden', `${newTrackerCommand(collector.url, { bufferSize: 10 })} snowplow('trackStructEvent', { category: 'hidden', action: 'queued' });`);
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.waitForTimeout(300);
    expect(collector.requests).toHaveLength(0);
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { get: () => true });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    });
    const [event] = await collector.waitForEvents(structured);
    expect(event!.se_ac).toBe('queued');
    expect(page.url()).toBe(url);
  });

  it('splits a POST batch the collector answers 413 and delivers every event once', async () => {
    const { collector } = fixture;
    const limitBytes = 2500;
    collector.answer = (request) => (Buffer.byteLength(request.body) > limitBytes ? 413 : 200);
    const url = fixture.tagPage(
      '/split',
      `${newTrackerCommand(collector.url, { bufferSize: 8, maxPostBytes: 40000 })}
       for (let i = 0; i < 8; i++) snowplow('trackStructEvent', { category: 'split', action: 'e' + i, label: 'x'.repeat(200) });`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await collector.waitForEvents(structured, 8);
    const posts = collector.requests.filter((r) => r.method == 'POST');
    const sizes = posts.map((post) => Buffer.byteLength(post.body));
    // The first batch is refused, then each refused batch comes back in halves until they fit.
    expect(sizes[0]).toBeGreaterThan(limitBytes);
    expect(sizes[1]).toBeLessThan(sizes[0]! / 2 + 200);
    expect(posts.length).toBeGreaterThan(2);
    expect(collector.events().filter(structured).map((e) => e.se_ac).sort()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  });

  it('never retries a request refused with 400 and reports every outcome to the callback', async () => {
    const { collector } = fixture;
    let refused = false;
    collector.answer = (request) => (!refused && request.body.includes('refused') ? ((refused = true), 400) : 200);
    const url = fixture.tagPage(
      '/outcomes',
      `window.outcomes = [];
       snowplow('newTracker', 'sp1', ${JSON.stringify(collector.url)}, { onRequestResult: (o) => outcomes.push([o.status, o.willRetry, o.events.length]) });
       snowplow('trackStructEvent', { category: 'c', action: 'refused' });
       setTimeout(() => snowplow('trackStructEvent', { category: 'c', action: 'accepted' }), 300);`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await collector.waitForEvents((e) => e.se_ac == 'accepted');
    await page.waitForTimeout(300);
    expect(collector.requests.filter((r) => r.body.includes('refused'))).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { outcomes: unknown[] }).outcomes)).toEqual([[400, false, 1], [200, false, 1]]);
  });

  it('batches up to bufferSize events in one POST and flushes on demand', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage(
      '/buffer',
      `${newTrackerCommand(collector.url, { bufferSize: 3 })}
       snowplow('trackStructEvent', { category: 'b', action: '1' }); snowplow('trackStructEvent', { category: 'b', action: '2' });`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.waitForTimeout(300);
    expect(collector.requests.map((r) => r.body)).toEqual([]);
    await page.evaluate(() => (window as unknown as { snowplow(method: string): void }).snowplow('flushBuffer'));
    await collector.waitForEvents(structured, 2);
    expect(collector.requests.filter((r) => r.method == 'POST')).toHaveLength(1);
  });
});
