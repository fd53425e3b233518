// The official @snowplow/browser-tracker and sp.js run the same actions on the same page (same URL, title,
// referrer, viewport) against one Snowline; the enriched events must agree field by field.
import { describe, expect, it } from 'vitest';
import { asyncSnippet, html } from './page-server.ts';
import { useBrowserFixture } from './browser-fixture.ts';
import { useSnowlineForBrowserTests } from './snowline-fixture.ts';

const fixture = useBrowserFixture();
const snowline = useSnowlineForBrowserTests();

/** Fields that describe the action and the page, and must be equal whichever tracker sent the event. */
const COMPARED = [
  'app_id', 'platform', 'event', 'event_vendor', 'event_name', 'event_format', 'event_version',
  'page_url', 'page_urlscheme', 'page_urlhost', 'page_urlport', 'page_urlpath', 'page_urlquery', 'page_urlfragment', 'page_title',
  'page_referrer', 'refr_urlhost', 'refr_urlpath', 'refr_medium', 'mkt_source', 'mkt_medium', 'mkt_campaign',
  'br_viewwidth', 'br_viewheight', 'doc_width', 'doc_height', 'dvce_screenwidth', 'dvce_screenheight', 'br_colordepth',
  'br_lang', 'br_cookies', 'doc_charset', 'os_timezone', 'useragent', 'user_id', 'domain_sessionidx',
  'se_category', 'se_action', 'se_label', 'se_property', 'se_value', 'unstruct_event', 'pp_yoffset_max', 'pp_xoffset_max',
] as const;

const ACTIONS = `
  track('setUserId', 'user-9');
  track('trackPageView');
  track('trackStructEvent', { category: 'shop', action: 'add', label: 'sku-1', property: 'units', value: 2 });
  track('trackSelfDescribingEvent', { event: { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { productId: 'P-1', price: 9.5 } } });
`;

/** The same page for both trackers: only the script that defines `track` differs. */
function referencePage(tracker: 'snowline' | 'official', collectorUrl: string): string {
  const configuration = JSON.stringify({ appId: 'reference', encodeBase64: false, contexts: { webPage: true } });
  const setup =
    tracker == 'snowline'
      ? `${asyncSnippet('/sp.js')}<script>
           snowplow('newTracker', 'snowline', ${JSON.stringify(collectorUrl)}, ${configuration});
           window.track = (method, argument) => snowplow(method, argument);
           snowplow('enableActivityTracking', { minimumVisitLength: 1, heartbeatDelay: 1 });
           snowplow('enableLinkClickTracking');
         </script>`
      : `<script src="/official.js"></script><script>
           const sp = window.officialSnowplow;
           sp.newTracker('official', ${JSON.stringify(collectorUrl)}, { ...${configuration}, plugins: [sp.LinkClickTrackingPlugin()] });
           window.track = (method, argument) => sp[method](argument);
           sp.enableActivityTracking({ minimumVisitLength: 1, heartbeatDelay: 1 });
           sp.enableLinkClickTracking();
         </script>`;
  return html('Reference page', setup, `<a id="anchor" class="nav" href="#details">details</a><div style="height:3000px"></div><script>${ACTIONS}</script>`);
}

type Row = Record<string, unknown>;

async function runActions(tracker: 'snowline' | 'official'): Promise<Row[]> {
  const { pages } = fixture;
  pages.page('/reference-from', html('From', '', '<a id="go" href="/reference?utm_source=news&utm_medium=email">go</a>'));
  pages.page('/reference', referencePage(tracker, snowline.collectorUrl));
  const { page } = await fixture.newPage({ viewport: { width: 1024, height: 640 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  await page.goto(pages.url + '/reference-from');
  await page.click('#go');
  await page.waitForURL(/reference\?/);
  // sp.js has loaded (the snippet's queue is gone) and the page view has arrived: then the visitor acts.
  await page.waitForFunction(() => !('q' in ((window as unknown as { snowplow?: object }).snowplow ?? {})));
  await snowline.waitForRows(`select 1 from atomic.events where name_tracker = '${tracker}' and event = 'page_view'`, 1);
  await page.click('#anchor');
  await page.evaluate(() => window.scrollTo(0, 900));
  return snowline.waitForRows<Row>(
    `select * from atomic.events where name_tracker = '${tracker}' and event <> 'page_ping'
     union all (select * from atomic.events where name_tracker = '${tracker}' and event = 'page_ping' and pp_yoffset_max is not null
                order by collector_tstamp limit 1)
     order by event, event_name`,
    5,
  );
}

describe('sp.js and the official browser tracker as reference client', () => {
  it('produce the same enriched fields for the same actions on the same page', async () => {
    const ours = await runActions('snowline');
    const official = await runActions('official');
    const pick = (row: Row) => Object.fromEntries(COMPARED.map((field) => [field, row[field]]));
    expect(ours.map((row) => `${row.event}/${row.event_name}`)).toEqual(['page_ping/page_ping', 'page_view/page_view', 'struct/event', 'unstruct/link_click', 'unstruct/viewed_product']);
    expect(ours.map(pick)).toEqual(official.map(pick));
    // Both carry the web_page entity and the ids in the same shapes.
    for (const rows of [ours, official]) {
      for (const row of rows) {
        expect(JSON.stringify(row.contexts)).toContain('/web_page/');
        expect(row.domain_userid).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.domain_sessionid).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.event_id).toMatch(/^[0-9a-f-]{36}$/);
      }
    }
  });
});
