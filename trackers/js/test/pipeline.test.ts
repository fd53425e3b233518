// sp.js in headless Chromium against a running Snowline: what the browser does must arrive in atomic.events.
import { describe, expect, it } from 'vitest';
import { startTemporaryPostgres, type TemporaryPostgres } from '../../../test-support/postgres.ts';
import { freePort } from '../../../test-support/ports.ts';
import { asyncSnippet, html } from './page-server.ts';
import { newTrackerCommand, useBrowserFixture } from './browser-fixture.ts';
import { startSnowlineForBrowserTests, useSnowlineForBrowserTests } from './snowline-fixture.ts';

const fixture = useBrowserFixture();
const snowline = useSnowlineForBrowserTests();

type Row = Record<string, unknown>;
const rowsOf = (appId: string, count: number, where = 'true') =>
  snowline.waitForRows<Row>(`select * from atomic.events where app_id = '${appId}' and ${where} order by dvce_created_tstamp, event`, count);

describe('sp.js against Snowline', () => {
  it('records a page view loaded by the async snippet with URL, title, referrer, viewport, session and cookies', async () => {
    const { pages } = fixture;
    pages.page('/e2e-start', html('Start', '', '<a id="go" href="/e2e-landing?utm_source=mail">go</a>'));
    pages.page(
      '/e2e-landing',
      html('Landing', `${asyncSnippet('/slow/sp.js')}<script>${newTrackerCommand(snowline.collectorUrl, { appId: 'e2e-pv', sessionCookieTimeout: 4 })} snowplow('trackPageView');</script>`),
    );
    const { page, context } = await fixture.newPage({ viewport: { width: 900, height: 600 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    await page.goto(pages.url + '/e2e-start');
    await page.click('#go');
    await page.waitForURL(/e2e-landing/);
    await page.waitForFunction(() => !('q' in (window as unknown as { snowplow: object }).snowplow));
    // Reloaded at once, well within the session timeout; then again once the (4 s) session timeout has passed.
    await page.reload();
    const [row] = await rowsOf('e2e-pv', 2);
    expect(row).toMatchObject({
      event: 'page_view',
      platform: 'web',
      name_tracker: 'sp1',
      v_tracker: 'js-snowline-0.1.0',
      page_url: pages.url + '/e2e-landing?utm_source=mail',
      page_urlpath: '/e2e-landing',
      page_urlquery: 'utm_source=mail',
      page_title: 'Landing',
      page_referrer: pages.url + '/e2e-start',
      br_viewwidth: 900,
      br_viewheight: 600,
      br_lang: 'en-GB',
      os_timezone: 'Europe/London',
      doc_charset: 'UTF-8',
      domain_sessionidx: 1,
      mkt_source: 'mail',
    });
    const idCookie = (await context.cookies(pages.url)).find((cookie) => cookie.name.startsWith('_sp_id.'))!;
    expect(row!.domain_userid).toBe(idCookie.value.split('.')[0]);
    expect(row!.domain_sessionid).toBe(idCookie.value.split('.')[5]);
    expect(row!.network_userid).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(row!.contexts)).toContain('iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0');

    await page.waitForTimeout(4300);
    await page.reload();
    const rows = await rowsOf('e2e-pv', 3);
    expect(new Set(rows.map((r) => r.domain_userid)).size).toBe(1);
    expect(rows.map((r) => r.domain_sessionidx)).toEqual([1, 1, 2]);
    expect(rows[1]!.domain_sessionid).toBe(rows[0]!.domain_sessionid);
    expect(rows[2]!.domain_sessionid).not.toBe(rows[1]!.domain_sessionid);
    expect(new Set(rows.map((r) => r.network_userid)).size).toBe(1);
  });

  it('records GET requests with base64url entities, and anonymous events without user ids or IP address', async () => {
    const url = fixture.tagPage(
      '/e2e-get',
      `snowplow('newTracker', 'get1', ${JSON.stringify(snowline.collectorUrl)}, { appId: 'e2e-get', eventMethod: 'get' });
       snowplow('newTracker', 'anon1', ${JSON.stringify(snowline.collectorUrl)}, { appId: 'e2e-anon', anonymousTracking: { withServerAnonymisation: true } });
       snowplow('trackSelfDescribingEvent:get1', { event: { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { productId: 'Ü-1', price: 3 } },
         context: [{ schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { tier: 'gold' } }] });
       snowplow('setUserId:anon1', 'hidden'); snowplow('trackPageView:anon1');`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    const [viewed] = await rowsOf('e2e-get', 1);
    expect(viewed).toMatchObject({ event: 'unstruct', event_name: 'viewed_product', unstruct_event: { data: { data: { productId: 'Ü-1', price: 3 } } } });
    expect(JSON.stringify(viewed!.contexts)).toContain('iglu:com.acme/user/jsonschema/1-0-0');
    const [anonymous] = await rowsOf('e2e-anon', 1);
    expect(anonymous).toMatchObject({ event: 'page_view', domain_userid: null, user_id: null, network_userid: '00000000-0000-0000-0000-000000000000' });
    expect(anonymous!.user_ipaddress).not.toBe('127.0.0.1');
    expect(viewed!.user_ipaddress).toBe('127.0.0.1');
  });

  it('records page pings after scrolling, a link click and a form submission', async () => {
    const { pages } = fixture;
    pages.page('/e2e-thanks', html('Thanks', ''));
    const url = fixture.tagPage(
      '/e2e-interactions',
      `${newTrackerCommand(snowline.collectorUrl, { appId: 'e2e-interact' })}
       snowplow('enableActivityTracking', { minimumVisitLength: 1, heartbeatDelay: 1 }); snowplow('enableLinkClickTracking'); snowplow('enableFormTracking');
       snowplow('trackPageView');`,
      `<a id="section-link" href="#part2">part 2</a><div style="height:4000px"></div>
       <form id="contact" action="/e2e-thanks"><input name="topic" value="pricing"><button id="send">Send</button></form>`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.click('#section-link');
    await page.evaluate(() => window.scrollTo(0, 1200));
    await rowsOf('e2e-interact', 1, "event = 'page_ping' and pp_yoffset_max is not null");
    await page.click('#send');
    await page.waitForURL(/e2e-thanks/);
    const [ping] = await rowsOf('e2e-interact', 1, "event = 'page_ping' and pp_yoffset_max is not null");
    expect(ping!.pp_yoffset_max).toBeGreaterThanOrEqual(1200);
    const [click] = await rowsOf('e2e-interact', 1, "event_name = 'link_click'");
    expect(click!.unstruct_event).toMatchObject({ data: { data: { targetUrl: url + '#part2', elementId: 'section-link' } } });
    const [submit] = await rowsOf('e2e-interact', 1, "event_name = 'submit_form'");
    expect(submit!.unstruct_event).toMatchObject({ data: { data: { formId: 'contact', elements: [{ name: 'topic', value: 'pricing', nodeName: 'INPUT', type: 'text' }] } } });
    const pageView = (await rowsOf('e2e-interact', 1, "event = 'page_view'"))[0]!;
    expect(new Set([ping, click, submit, pageView].map((r) => r!.domain_sessionid)).size).toBe(1);
  });

  it('records the last event of a page that navigates away at once', async () => {
    const { pages } = fixture;
    pages.page('/e2e-next', html('Next', ''));
    const url = fixture.tagPage(
      '/e2e-leave',
      `${newTrackerCommand(snowline.collectorUrl, { appId: 'e2e-leave', bufferSize: 5 })}
       window.leave = () => { snowplow('trackStructEvent', { category: 'nav', action: 'leave' }); location.href = '/e2e-next'; };`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.evaluate(() => (window as unknown as { leave(): void }).leave());
    const [row] = await rowsOf('e2e-leave', 1);
    expect(row).toMatchObject({ event: 'struct', se_category: 'nav', se_action: 'leave' });
  });

  it('splits a POST batch that the collector refuses with 413, and every event arrives once', async () => {
    const strict = await startSnowlineForBrowserTests({}, { limits: { dropPayloadSizeBytes: 3000 } });
    try {
      const url = fixture.tagPage(
        '/e2e-split',
        `${newTrackerCommand(strict.collectorUrl, { appId: 'e2e-split', bufferSize: 8 })}
         for (let i = 0; i < 8; i++) snowplow('trackStructEvent', { category: 'split', action: 'a' + i, label: 'x'.repeat(150) });`,
      );
      const { page } = await fixture.newPage();
      await page.goto(url);
      const rows = await strict.waitForRows<Row>("select se_action, event_id from atomic.events where app_id = 'e2e-split' order by se_action", 8);
      await page.waitForTimeout(500);
      const again = await strict.query<Row>("select count(*)::int as n, count(distinct event_id)::int as d from atomic.events where app_id = 'e2e-split'");
      expect(rows.map((r) => r.se_action)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
      expect(again[0]).toEqual({ n: 8, d: 8 });
    } finally {
      await strict.stop();
    }
  });

  it('delivers events tracked while Snowline was down once it is back, without duplicates', async () => {
    const postgres: TemporaryPostgres = await startTemporaryPostgres();
    const port = await freePort();
    let down = await startSnowlineForBrowserTests({ postgres }, { port });
    try {
      const url = fixture.tagPage(
        '/e2e-outage',
        `${newTrackerCommand(down.collectorUrl, { appId: 'e2e-outage' })}
         window.track = (n, from) => { for (let i = from; i < from + n; i++) snowplow('trackStructEvent', { category: 'outage', action: 'a' + i }); };`,
      );
      const { page } = await fixture.newPage();
      await page.goto(url);
      await page.evaluate(() => (window as unknown as { track(n: number, from: number): void }).track(2, 0));
      await down.waitForRows("select 1 from atomic.events where app_id = 'e2e-outage'", 2);
      await down.stop();
      await page.evaluate(() => (window as unknown as { track(n: number, from: number): void }).track(4, 2));
      await page.waitForTimeout(800);
      down = await startSnowlineForBrowserTests({ postgres }, { port });
      await down.waitForRows("select 1 from atomic.events where app_id = 'e2e-outage'", 6);
      await page.waitForTimeout(800);
      const [counts] = await down.query<Row>("select count(*)::int as n, count(distinct event_id)::int as d from atomic.events where app_id = 'e2e-outage'");
      expect(counts).toEqual({ n: 6, d: 6 });
    } finally {
      await down.stop();
      await postgres.stop();
    }
  });
});
