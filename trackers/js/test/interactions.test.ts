import { describe, expect, it } from 'vitest';
import { html } from './page-server.ts';
import { newTrackerCommand, selfDescribingOf, useBrowserFixture } from './browser-fixture.ts';

const fixture = useBrowserFixture();
const tall = '<div style="height:5000px;width:3000px">tall</div>';

describe('what the browser tracker records of a visit', () => {
  it('sends page pings with the scroll extents after the visitor scrolls', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage(
      '/pings',
      `${newTrackerCommand(collector.url)} snowplow('enableActivityTracking', { minimumVisitLength: 1, heartbeatDelay: 1 }); snowplow('trackPageView');`,
      tall,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.waitForTimeout(1100);
    expect(collector.events().filter((e) => e.e == 'pp')).toHaveLength(0);
    await page.mouse.wheel(0, 800);
    await page.waitForTimeout(200);
    await page.evaluate(() => window.scrollTo(0, 1500));
    const [ping] = await collector.waitForEvents((e) => e.e == 'pp');
    expect(Number(ping!.pp_may)).toBeGreaterThanOrEqual(800);
    // Zero offsets are left out, as the official tracker does.
    expect(ping!.pp_miy).toBeUndefined();
    expect(ping!.pp_mix).toBeUndefined();
    expect(ping!.page).toBe('Tag page');
    const pageView = collector.events().find((e) => e.e == 'pv')!;
    expect(ping!.co).toBe(pageView.co);
  });

  it('accepts the v2 positional form of enableActivityTracking', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage('/pings-v2', `${newTrackerCommand(collector.url)} snowplow('enableActivityTracking', 0, 1); snowplow('trackPageView');`, tall);
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.mouse.move(10, 10);
    await page.mouse.move(50, 60);
    await collector.waitForEvents((e) => e.e == 'pp');
  });

  it('tracks link clicks automatically through the allow filter, with the element fields', async () => {
    const { pages, collector } = fixture;
    pages.page('/target', html('Target', ''));
    const url = fixture.tagPage(
      '/links',
      `${newTrackerCommand(collector.url)} snowplow('enableLinkClickTracking', { options: { allowlist: ['tracked'] }, trackContent: true });`,
      '<a id="skip" href="/target?skip=1">not tracked</a> <a id="go" class="tracked big" target="_self" href="/target">Go <b>now</b></a>',
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.click('#skip');
    await page.waitForURL(/skip=1/);
    await page.goBack();
    await page.click('#go');
    const [click] = await collector.waitForEvents((e) => e.e == 'ue');
    expect(selfDescribingOf(click!)).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1',
      data: { targetUrl: pages.url + '/target', elementId: 'go', elementClasses: ['tracked', 'big'], elementTarget: '_self', elementContent: 'Go <b>now</b>' },
    });
    await page.waitForTimeout(300);
    expect(collector.events().filter((e) => e.e == 'ue')).toHaveLength(1);
  });

  it('leaves out the empty element fields of a bare link, but sends elementTarget empty', async () => {
    const { pages, collector } = fixture;
    pages.page('/target', html('Target', ''));
    const url = fixture.tagPage('/bare-link', `${newTrackerCommand(collector.url)} snowplow('enableLinkClickTracking');`, '<a href="/target">x</a>');
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.click('a');
    const [click] = await collector.waitForEvents((e) => e.e == 'ue');
    expect(selfDescribingOf(click!).data).toEqual({ targetUrl: pages.url + '/target', elementTarget: '' });
  });

  it('tracks a link click manually', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage('/manual-link', `${newTrackerCommand(collector.url)} snowplow('trackLinkClick', { targetUrl: 'https://example.com/x', elementId: 'cta' });`);
    const { page } = await fixture.newPage();
    await page.goto(url);
    const [click] = await collector.waitForEvents((e) => e.e == 'ue');
    expect(selfDescribingOf(click!).data).toEqual({ targetUrl: 'https://example.com/x', elementId: 'cta' });
  });

  it('tracks a form submission without password fields', async () => {
    const { pages, collector } = fixture;
    pages.page('/thanks', html('Thanks', ''));
    const url = fixture.tagPage(
      '/form',
      `${newTrackerCommand(collector.url)} snowplow('enableFormTracking');`,
      `<form id="signup" class="main" action="/thanks"><input name="email" type="email" value="a@example.com">
       <input name="secret" type="password" value="hunter2"><select name="plan"><option value="pro" selected>Pro</option></select>
       <textarea name="note">hi</textarea><input name="news" type="checkbox"><button id="send">Send</button></form>`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await page.click('#send');
    await page.waitForURL(/\/thanks/);
    const [submit] = await collector.waitForEvents((e) => e.e == 'ue');
    expect(selfDescribingOf(submit!)).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/submit_form/jsonschema/1-0-0',
      data: {
        formId: 'signup',
        formClasses: ['main'],
        elements: [
          { name: 'email', value: 'a@example.com', nodeName: 'INPUT', type: 'email' },
          { name: 'plan', value: 'pro', nodeName: 'SELECT' },
          { name: 'note', value: 'hi', nodeName: 'TEXTAREA' },
        ],
      },
    });
  });

  it('sends screen views of a single-page app with the previous screen, and self-describing events with entities', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage(
      '/spa',
      `${newTrackerCommand(collector.url)}
       snowplow('trackScreenView', { name: 'home' });
       snowplow('trackScreenView', { name: 'cart', id: '3c3b5e4e-0000-4000-8000-000000000001' });
       snowplow('trackSelfDescribingEvent', { event: { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { sku: 'A1' } },
                                              context: [{ schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { id: 7 } }] });`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    const events = await collector.waitForEvents((e) => e.e == 'ue', 3);
    const [home, cart, product] = events.map(selfDescribingOf);
    expect(home!.schema).toBe('iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0');
    expect(cart!.data).toEqual({ name: 'cart', id: '3c3b5e4e-0000-4000-8000-000000000001', previousName: 'home', previousId: home!.data.id });
    expect(product).toEqual({ schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { sku: 'A1' } });
    expect(JSON.parse(events[2]!.co!).data.map((e: { schema: string }) => e.schema)).toEqual([
      'iglu:com.acme/user/jsonschema/1-0-0',
      'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0',
    ]);
  });

  it('takes the v2 positional calls: structured events and an ecommerce transaction with items', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage(
      '/v2',
      `${newTrackerCommand(collector.url)}
       snowplow('trackStructEvent', 'shop', 'add-to-basket', 'sku-1', 'units', 2);
       snowplow('addTrans', 'order-1', 'web', '37.50', '2.50', '5.00', 'Berlin', 'BE', 'DE', 'EUR');
       snowplow('addItem', 'order-1', 'sku-1', 'Shoe', 'shoes', '16.25', '2');
       snowplow('addItem', { orderId: 'order-1', sku: 'sku-2', name: 'Sock', price: '5', quantity: '1' });
       snowplow('trackTrans');`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    const [structured] = await collector.waitForEvents((e) => e.e == 'se');
    const [transaction] = await collector.waitForEvents((e) => e.e == 'tr');
    const items = await collector.waitForEvents((e) => e.e == 'ti', 2);
    expect(structured).toMatchObject({ se_ca: 'shop', se_ac: 'add-to-basket', se_la: 'sku-1', se_pr: 'units', se_va: '2' });
    expect(transaction).toMatchObject({ tr_id: 'order-1', tr_af: 'web', tr_tt: '37.50', tr_tx: '2.50', tr_sh: '5.00', tr_ci: 'Berlin', tr_st: 'BE', tr_co: 'DE', tr_cu: 'EUR' });
    expect(items.map((i) => [i.ti_sk, i.ti_nm, i.ti_pr, i.ti_qu, i.ti_cu])).toEqual([['sku-1', 'Shoe', '16.25', '2', 'EUR'], ['sku-2', 'Sock', '5', '1', 'EUR']]);
  });

  it('adds global entities to every event, and conditional ones only where their filter says', async () => {
    const { collector } = fixture;
    const url = fixture.tagPage(
      '/global',
      `${newTrackerCommand(collector.url)}
       snowplow('addGlobalContexts', [{ schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { id: 1 } },
         [(e) => e.eventType == 'se', { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { sku: 'S' } }]]);
       snowplow('trackPageView'); snowplow('trackStructEvent', { category: 'c', action: 'a' });`,
    );
    const { page } = await fixture.newPage();
    await page.goto(url);
    await collector.waitForEvents((e) => e.e == 'se');
    const schemasOf = (event?: Record<string, string>) => JSON.parse(event!.co!).data.map((e: { schema: string }) => e.schema.split('/')[1]);
    expect(schemasOf(collector.events().find((e) => e.e == 'pv'))).toEqual(['web_page', 'user']);
    expect(schemasOf(collector.events().find((e) => e.e == 'se'))).toEqual(['web_page', 'user', 'viewed_product']);
  });
});
