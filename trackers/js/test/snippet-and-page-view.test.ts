import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asyncSnippet, html } from './page-server.ts';
import { entitiesOf, newTrackerCommand, useBrowserFixture } from './browser-fixture.ts';

const fixture = useBrowserFixture();

describe('sp.js loaded by the async snippet', () => {
  it('runs the calls queued before the script loaded, under any global name', async () => {
    const { pages, collector } = fixture;
    pages.page(
      '/queued',
      html(
        'Queued calls',
        `${asyncSnippet('/slow/sp.js', 'acmeTracker')}<script>
          acmeTracker('newTracker', 'q1', ${JSON.stringify(collector.url)}, { appId: 'queued' });
          acmeTracker('trackPageView');
          acmeTracker('trackStructEvent', { category: 'queue', action: 'before-load' });
          window.queuedBeforeLoad = Array.isArray(acmeTracker.q) && acmeTracker.q.length;
        </script>`,
      ),
    );
    const { page } = await fixture.newPage();
    await page.goto(pages.url + '/queued');
    expect(await page.evaluate(() => (window as unknown as { queuedBeforeLoad: number }).queuedBeforeLoad)).toBe(3);
    const [pageView] = await collector.waitForEvents((e) => e.e == 'pv');
    const [structured] = await collector.waitForEvents((e) => e.e == 'se');
    expect(pageView).toMatchObject({ aid: 'queued', tna: 'q1', page: 'Queued calls', url: pages.url + '/queued' });
    expect(structured).toMatchObject({ se_ca: 'queue', se_ac: 'before-load' });
    expect(Number(pageView!.dtm)).toBeLessThanOrEqual(Number(structured!.dtm));
  });

  it('sends a page view with URL, title, referrer, sizes, browser fields, ids and the web_page entity', async () => {
    const { pages, collector } = fixture;
    pages.page('/from', html('From', '', '<a id="go" href="/landing?utm_source=test#top">go</a>'));
    const url = fixture.tagPage('/landing', `${newTrackerCommand(collector.url)} snowplow('trackPageView');`, '', 'Landing page');
    const { page, context } = await fixture.newPage({ viewport: { width: 900, height: 600 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    await page.goto(pages.url + '/from');
    await page.click('#go');
    const [event] = await collector.waitForEvents((e) => e.e == 'pv');
    expect(event).toMatchObject({
      url: url + '?utm_source=test#top',
      page: 'Landing page',
      refr: pages.url + '/from',
      vp: '900x600',
      lang: 'de-DE',
      tz: 'Europe/Berlin',
      cs: 'UTF-8',
      cookie: '1',
      p: 'web',
      tv: 'js-snowline-0.1.0',
      vid: '1',
    });
    expect(event!.res).toMatch(/^\d+x\d+$/);
    expect(event!.ds).toMatch(/^\d+x\d+$/);
    expect(event!.eid).toMatch(/^[0-9a-f-]{36}$/);
    expect(event!.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(entitiesOf(event!)).toEqual([{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: expect.stringMatching(/^[0-9a-f-]{36}$/) } }]);
    // The cookie is named as the official tracker names it: _sp_id.<first 4 hex of sha1(host + path)>.
    const hash = createHash('sha1').update('127.0.0.1/').digest('hex').slice(0, 4);
    const cookies = await context.cookies(pages.url);
    const idCookie = cookies.find((cookie) => cookie.name == `_sp_id.${hash}`);
    expect(idCookie?.value.split('.')[0]).toBe(event!.duid);
    expect(idCookie?.sameSite).toBe('Lax');
    expect(cookies.find((cookie) => cookie.name == `_sp_ses.${hash}`)?.value).toBe('*');
  });

  it('POSTs to the tp2 path with the JSON content type and credentials', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage('/post', `${newTrackerCommand(collector.url)} snowplow('trackPageView');`);
    const { page } = await fixture.newPage();
    await page.goto(url);
    await collector.waitForEvents((e) => e.e == 'pv');
    const request = collector.requests.find((r) => r.method == 'POST')!;
    expect(request.path).toBe('/com.snowplowanalytics.snowplow/tp2');
    expect(request.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(JSON.parse(request.body).schema).toBe('iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4');
    expect(JSON.parse(request.body).data[0].stm).toMatch(/^\d{13}$/);
    // The collector is on another origin (another port): its cookies go along only with credentials 'include'.
    expect(request.headers.cookie).toMatch(/_sp_id\./);
  });

  it('sends GET requests to /i with base64url entities when eventMethod is get', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage('/get', `${newTrackerCommand(collector.url, { eventMethod: 'get' })} snowplow('trackPageView');`);
    const { page } = await fixture.newPage();
    await page.goto(url);
    const [event] = await collector.waitForEvents((e) => e.e == 'pv');
    const request = collector.requests.find((r) => r.method == 'GET')!;
    expect(request.path).toBe('/i');
    expect([...request.query.keys()][0]).toBe('stm');
    expect([...request.query.keys()].at(-1)).toBe('cx');
    expect(entitiesOf(event!)[0]!.schema).toContain('/web_page/');
  });

  it('never throws into the page, whatever it is called with', async () => {
    const url = fixture.tagPage(
      '/robust',
      `${newTrackerCommand(fixture.collector.url)}
       window.errors = [];
       for (const call of [() => snowplow('noSuchMethod'), () => snowplow('trackPageView:missing'), () => snowplow('trackSelfDescribingEvent', null),
                           () => snowplow('addGlobalContexts', 5), () => snowplow('enableLinkClickTracking', { options: { filter: 'not a function' } })]) {
         try { call(); } catch (error) { window.errors.push(String(error)); }
       }
       document.addEventListener('DOMContentLoaded', () => document.body.click());`,
      '<p>robust</p>',
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.waitForFunction(() => typeof (window as unknown as { snowplow: { q?: unknown } }).snowplow.q == 'undefined');
    await page.click('p');
    expect(await page.evaluate(() => (window as unknown as { errors: string[] }).errors)).toEqual([]);
  });
});
