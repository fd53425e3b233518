import { describe, expect, it } from 'vitest';
import { html } from './page-server.ts';
import { newTrackerCommand, useBrowserFixture } from './browser-fixture.ts';

const fixture = useBrowserFixture();
const pageViews = (e: Record<string, string>) => e.e == 'pv';

describe('first-party identity in the browser', () => {
  it('keeps the domain user id across reloads, and starts a new session after the session timeout', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage('/session', `${newTrackerCommand(collector.url, { sessionCookieTimeout: 4 })} snowplow('setUserId', 'user-7'); snowplow('trackPageView');`);
    const { page } = await fixture.newPage();
    await page.goto(url);
    await collector.waitForEvents(pageViews, 1);
    await page.reload();
    await collector.waitForEvents(pageViews, 2);
    await page.waitForTimeout(4500);
    await page.reload();
    const [first, second, third] = await collector.waitForEvents(pageViews, 3);
    expect(new Set([first!.duid, second!.duid, third!.duid]).size).toBe(1);
    expect([first!.uid, second!.uid, third!.uid]).toEqual(['user-7', 'user-7', 'user-7']);
    expect(second!.sid).toBe(first!.sid);
    expect([first!.vid, second!.vid, third!.vid]).toEqual(['1', '1', '2']);
    expect(third!.sid).not.toBe(second!.sid);
  });

  it('names, scopes and ages its cookies as configured', async () => {
    const { collector, pages } = fixture;
    const url = fixture.tagPage(
      '/cookie-options',
      `${newTrackerCommand(collector.url, { cookieName: '_acme_', cookieSameSite: 'Strict', cookieLifetime: 86400, cookiePath: '/' })} snowplow('trackPageView');`,
    );
    const { page, context } = await fixture.newPage();
    await page.goto(url);
    await collector.waitForEvents(pageViews);
    const idCookie = (await context.cookies(pages.url)).find((cookie) => cookie.name.startsWith('_acme_id.'))!;
    expect(idCookie.sameSite).toBe('Strict');
    expect(idCookie.path).toBe('/');
    expect(idCookie.expires * 1000 - Date.now()).toBeGreaterThan(86000 * 1000);
    expect(idCookie.expires * 1000 - Date.now()).toBeLessThan(86500 * 1000);
  });

  it('deletes its cookies on clearUserData', async () => {
    const { collector, pages } = fixture;
    const url = fixture.tagPage('/clear', `${newTrackerCommand(collector.url)} snowplow('trackPageView');`);
    const { page, context } = await fixture.newPage();
    await page.goto(url);
    await collector.waitForEvents(pageViews);
    const spCookies = async () => (await context.cookies(pages.url)).filter((cookie) => cookie.name.startsWith('_sp_')).map((cookie) => cookie.name);
    expect(await spCookies()).toHaveLength(2);
    await page.evaluate(() => (window as unknown as { snowplow(method: string): void }).snowplow('clearUserData'));
    expect(await spCookies()).toEqual([]);
  });

  it('tracks anonymously: no user ids, no cookies, SP-Anonymous on the request', async () => {
    const { collector, pages } = fixture;
    const url = fixture.tagPage(
      '/anonymous',
      `${newTrackerCommand(collector.url, { anonymousTracking: { withServerAnonymisation: true } })} snowplow('setUserId', 'u'); snowplow('trackPageView');`,
    );
    const { page, context } = await fixture.newPage();
    await page.goto(url);
    const [event] = await collector.waitForEvents(pageViews);
    expect(event!.duid).toBeUndefined();
    expect(event!.uid).toBeUndefined();
    expect(event!.sid).toBeUndefined();
    expect(collector.requests.find((r) => r.method == 'POST')!.headers['sp-anonymous']).toBe('*');
    expect((await context.cookies(pages.url)).filter((cookie) => cookie.name.startsWith('_sp_'))).toEqual([]);
  });

  it('keeps the session but no user id when anonymous with session tracking', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage('/anonymous-session', `${newTrackerCommand(collector.url, { anonymousTracking: { withSessionTracking: true } })} snowplow('trackPageView');`);
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.reload();
    const [first, second] = await collector.waitForEvents(pageViews, 2);
    expect(first!.duid).toBeUndefined();
    expect(first!.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.sid).toBe(first!.sid);
    expect(collector.requests.find((r) => r.method == 'POST')!.headers['sp-anonymous']).toBeUndefined();
  });

  it('sends nothing and sets no cookie when Do Not Track is on and respected', async () => {
    const { collector, pages } = fixture;
    const url = fixture.tagPage('/dnt', `${newTrackerCommand(collector.url, { respectDoNotTrack: true })} snowplow('trackPageView'); snowplow('trackStructEvent', { category: 'c', action: 'a' });`);
    const { page, context } = await fixture.newPage();
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }));
    await page.goto(url);
    await page.waitForTimeout(500);
    expect(collector.requests).toHaveLength(0);
    expect((await context.cookies(pages.url)).filter((cookie) => cookie.name.startsWith('_sp_'))).toEqual([]);
  });

  it('adds _sp=<domain user id>.<timestamp> to the outbound links chosen for cross-domain linking', async () => {
    const { collector, pages } = fixture;
    pages.page('/other-site', html('Other', ''));
    const otherOrigin = pages.url.replace('127.0.0.1', 'localhost');
    const url = fixture.tagPage(
      '/cross-domain',
      `snowplow('newTracker', 'sp1', ${JSON.stringify(collector.url)}, { crossDomainLinker: (link) => link.hostname == 'localhost' }); snowplow('trackPageView');`,
      `<a id="out" href="${otherOrigin}/other-site?a=1">out</a> <a id="same" href="/other-site">same</a>`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    const [event] = await collector.waitForEvents(pageViews);
    const before = Date.now();
    await page.click('#out');
    await page.waitForURL(/other-site/);
    const landed = new URL(page.url());
    const [duid, timestamp] = landed.searchParams.get('_sp')!.split('.');
    expect(landed.searchParams.get('a')).toBe('1');
    expect(duid).toBe(event!.duid);
    expect(Math.abs(Number(timestamp) - before)).toBeLessThan(5000);
    await page.goBack();
    expect(await page.getAttribute('#same', 'href')).toBe('/other-site');
  });

  it('keeps identity in memory only with stateStorageStrategy none', async () => {
    const { collector, pages } = fixture;
    const url = fixture.tagPage('/memory', `${newTrackerCommand(collector.url, { stateStorageStrategy: 'none' })} snowplow('trackPageView'); snowplow('trackPageView');`);
    const { page, context } = await fixture.newPage();
    await page.goto(url);
    const [first, second] = await collector.waitForEvents(pageViews, 2);
    expect(second!.duid).toBe(first!.duid);
    expect(second!.sid).toBe(first!.sid);
    expect((await context.cookies(pages.url)).filter((cookie) => cookie.name.startsWith('_sp_'))).toEqual([]);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
  });
});
