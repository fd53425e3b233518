// The pixel tracker in a browser with JavaScript disabled, against a running Snowline.
import { describe, expect, it } from 'vitest';
import { html } from '../js/test/page-server.ts';
import { useBrowserFixture } from '../js/test/browser-fixture.ts';
import { useSnowlineForBrowserTests } from '../js/test/snowline-fixture.ts';
import { clickLinkTag, clickRedirectUrl, pageViewPixelUrl, pixelImgTag, structEventPixelUrl } from './index.ts';

const fixture = useBrowserFixture();
const snowline = useSnowlineForBrowserTests();

describe('pixels in a page with JavaScript disabled', () => {
  it('record a page view and a structured event through <img> tags', async () => {
    const options = { collectorUrl: snowline.collectorUrl, appId: 'no-js', namespace: 'mail' };
    const pageView = pixelImgTag(pageViewPixelUrl(options, { url: 'https://example.com/newsletter/42', title: 'Newsletter #42 — "Spring" & more', userId: 'reader-1' }));
    const opened = pixelImgTag(structEventPixelUrl(options, { category: 'email', action: 'open', label: 'spring sale', value: 1 }));
    fixture.pages.page('/no-js', html('No JS', '', `<p>Hello</p>${pageView}${opened}<noscript>js off</noscript>`));
    const { page } = await fixture.newPage({ javaScriptEnabled: false });
    await page.goto(fixture.pages.url + '/no-js');
    const rows = await snowline.waitForRows<Record<string, unknown>>("select * from atomic.events where app_id = 'no-js' order by event", 2);
    expect(rows.map((row) => row.event)).toEqual(['page_view', 'struct']);
    expect(rows[0]).toMatchObject({
      platform: 'web',
      name_tracker: 'mail',
      v_tracker: 'no-js-snowline-0.1.0',
      page_url: 'https://example.com/newsletter/42',
      page_title: 'Newsletter #42 — "Spring" & more',
      user_id: 'reader-1',
    });
    expect(rows[1]).toMatchObject({ se_category: 'email', se_action: 'open', se_label: 'spring sale', se_value: 1 });
    expect(rows[0]!.useragent).toContain('Chrome');
    expect(rows[0]!.network_userid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('record a click through a /r/tp2 link and land on the target', async () => {
    const { pages } = fixture;
    pages.page('/offer', html('Offer', ''));
    const options = { collectorUrl: snowline.collectorUrl, appId: 'no-js-click' };
    const link = clickLinkTag(clickRedirectUrl(options, `${pages.url}/offer?ref=mail&x=1`, { category: 'email', action: 'click', label: 'cta' }), 'See the offer');
    const plain = clickLinkTag(clickRedirectUrl(options, `${pages.url}/offer?plain=1`), 'Plain');
    pages.page('/email', html('Email', '', `${link} ${plain}`));
    const { page } = await fixture.newPage({ javaScriptEnabled: false });
    await page.goto(pages.url + '/email');
    await page.click('text=See the offer');
    await page.waitForURL(`${pages.url}/offer?ref=mail&x=1`);
    await page.goBack();
    await page.click('text=Plain');
    await page.waitForURL(`${pages.url}/offer?plain=1`);
    const rows = await snowline.waitForRows<Record<string, unknown>>("select * from atomic.events where app_id = 'no-js-click' order by event", 2);
    expect(rows[0]).toMatchObject({ event: 'struct', se_category: 'email', se_action: 'click', se_label: 'cta', v_tracker: 'r-tp2' });
    expect(JSON.stringify(rows[0]!.contexts)).toContain(`"uri":"${pages.url}/offer?ref=mail&x=1"`);
    expect(rows[1]).toMatchObject({ event: 'unstruct', event_name: 'uri_redirect' });
    expect(rows[1]!.unstruct_event).toMatchObject({ data: { data: { uri: `${pages.url}/offer?plain=1` } } });
  });
});
