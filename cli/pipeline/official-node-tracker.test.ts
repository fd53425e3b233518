// The official Snowplow node tracker (from npm) as a client of a running Snowline: what it sends by GET and by
// POST must arrive in atomic.events with the right fields.
import { buildPageView, buildSelfDescribingEvent, buildStructEvent, newTracker } from '@snowplow/node-tracker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowline, type RunningSnowline } from '../../test-support/snowline.ts';
import { snowlineConfigSchema } from '../config/schema.ts';
import { inspectorWanted } from './start-pipeline.ts';

type EventRow = {
  event: string;
  app_id: string;
  platform: string;
  name_tracker: string;
  v_tracker: string;
  user_id: string | null;
  domain_userid: string | null;
  page_url: string | null;
  page_urlscheme: string | null;
  page_urlhost: string | null;
  page_urlpath: string | null;
  page_urlquery: string | null;
  page_title: string | null;
  se_category: string | null;
  se_action: string | null;
  se_label: string | null;
  se_value: number | null;
  unstruct_event: { schema: string; data: { schema: string; data: Record<string, unknown> } } | null;
  event_name: string | null;
  event_vendor: string | null;
  collector_tstamp: Date;
  dvce_created_tstamp: Date | null;
  dvce_sent_tstamp: Date | null;
  derived_tstamp: Date | null;
};

describe('the official @snowplow/node-tracker against Snowline', () => {
  let snowline: RunningSnowline;
  beforeAll(async () => {
    snowline = await startSnowline();
  });
  afterAll(async () => {
    await snowline?.stop();
  });

  for (const eventMethod of ['get', 'post'] as const) {
    it(`delivers a page view, a structured event and a self-describing event by ${eventMethod.toUpperCase()}`, async () => {
      const appId = `node-${eventMethod}`;
      const failures: unknown[] = [];
      const tracker = newTracker(
        { namespace: `ns-${eventMethod}`, appId, encodeBase64: eventMethod === 'get' },
        {
          endpoint: snowline.collectorUrl,
          eventMethod,
          bufferSize: eventMethod === 'post' ? 3 : 1,
          onRequestFailure: (failure) => failures.push(failure),
        },
      );
      tracker.setUserId('user-42');
      tracker.setDomainUserId('6b3e7d3a-5d0e-4a41-9d38-0f1f8c6f0b1e');
      const sentAt = Date.now();
      tracker.track(buildPageView({ pageUrl: 'https://shop.example.com:8443/catalog/shoes?utm_source=news#top', pageTitle: 'Shoes' }));
      tracker.track(buildStructEvent({ category: 'checkout', action: 'add', label: 'sku-1', value: 2.5 }));
      tracker.track(
        buildSelfDescribingEvent({
          event: { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { productId: 'ASO01043', price: 49.95 } },
        }),
      );
      await tracker.flush();
      expect(failures).toEqual([]);

      const rows = await snowline.waitForRows<EventRow>(`select * from atomic.events where app_id = '${appId}' order by event`, 3);
      expect(rows.map((row) => row.event)).toEqual(['page_view', 'struct', 'unstruct']);
      for (const row of rows) {
        expect(row.platform).toBe('srv');
        expect(row.name_tracker).toBe(`ns-${eventMethod}`);
        expect(row.v_tracker).toMatch(/^node-\d+\.\d+\.\d+/);
        expect(row.user_id).toBe('user-42');
        expect(row.domain_userid).toBe('6b3e7d3a-5d0e-4a41-9d38-0f1f8c6f0b1e');
        expect(row.dvce_created_tstamp!.getTime()).toBeGreaterThanOrEqual(sentAt - 1000);
        expect(row.dvce_sent_tstamp!.getTime()).toBeGreaterThanOrEqual(row.dvce_created_tstamp!.getTime());
        expect(Math.abs(row.collector_tstamp.getTime() - Date.now())).toBeLessThan(60_000);
        expect(row.derived_tstamp).not.toBeNull();
      }
      const [pageView, struct, unstruct] = rows;
      expect(pageView).toMatchObject({
        page_url: 'https://shop.example.com:8443/catalog/shoes?utm_source=news#top',
        page_urlscheme: 'https',
        page_urlhost: 'shop.example.com',
        page_urlpath: '/catalog/shoes',
        page_urlquery: 'utm_source=news',
        page_title: 'Shoes',
      });
      expect(struct).toMatchObject({ se_category: 'checkout', se_action: 'add', se_label: 'sku-1', se_value: 2.5 });
      expect(unstruct!.unstruct_event).toEqual({
        schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
        data: { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { productId: 'ASO01043', price: 49.95 } },
      });
      expect(unstruct).toMatchObject({ event_vendor: 'com.acme', event_name: 'viewed_product' });
    });
  }

  it('turns a malformed POST into a bad row in the bad directory and no event', async () => {
    const response = await fetch(`${snowline.collectorUrl}/com.snowplowanalytics.snowplow/tp2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
      body: '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"pv","aid":"broken"',
    });
    expect(response.status).toBe(200);
    await snowline.pipeline.drain();
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const badDir = path.join(snowline.dataDir, 'enriched', 'bad');
    const deadline = Date.now() + 20_000;
    let badRows: Array<{ schema: string; data: { payload: unknown } }> = [];
    while (Date.now() < deadline) {
      const files = await readdir(badDir).catch(() => [] as string[]);
      const lines = (await Promise.all(files.map((file) => readFile(path.join(badDir, file), 'utf8')))).join('').split('\n');
      badRows = lines.filter((line) => line.includes('"aid":"broken"') || line.includes('\\"aid\\":\\"broken\\"')).map((line) => JSON.parse(line));
      if (badRows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(badRows).toHaveLength(1);
    expect(badRows[0]!.schema).toMatch(/^iglu:com\.snowplowanalytics\.snowplow\.badrows\/(tracker_protocol_violations|adapter_failures)\/jsonschema\/\d+-\d+-\d+$/);
    expect(await snowline.query("select count(*)::int as n from atomic.events where app_id = 'broken'")).toEqual([{ n: 0 }]);
  });
});

describe('the live view of snowline start', () => {
  it('serves the inspector at /ui and lists loaded events on the Micro API', async () => {
    const snowline = await startSnowline();
    try {
      await fetch(`${snowline.collectorUrl}/i?e=pv&aid=live-view&p=web&tv=t&url=https%3A%2F%2Fexample.com%2Fx`);
      await snowline.waitForRows("select 1 from atomic.events where app_id = 'live-view'", 1);
      const deadline = Date.now() + 5000;
      let good: Array<{ eventType: string; event: { app_id: string } }> = [];
      while (good.length === 0 && Date.now() < deadline) {
        good = await (await fetch(`${snowline.collectorUrl}/micro/good`)).json();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(good.map((event) => [event.eventType, event.event.app_id])).toEqual([['page_view', 'live-view']]);
      const page = await fetch(`${snowline.collectorUrl}/ui/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Snowline inspector</title>');
      expect((await fetch(`${snowline.collectorUrl}/ui/app.js`)).status).toBe(200);
    } finally {
      await snowline.stop();
    }
  });

  it('serves no inspector when it is switched off', async () => {
    const snowline = await startSnowline({ config: { inspector: { enabled: 'off' } } });
    try {
      expect(snowline.pipeline.inspector).toBe(false);
      expect((await fetch(`${snowline.collectorUrl}/ui/`)).status).toBe(404);
    } finally {
      await snowline.stop();
    }
  });

  it('serves the inspector automatically only on a loopback collector', () => {
    const withHost = (host: string, enabled = 'auto') => snowlineConfigSchema.parse({ collector: { host }, inspector: { enabled } });
    expect(inspectorWanted(withHost('127.0.0.1'))).toBe(true);
    expect(inspectorWanted(withHost('::1'))).toBe(true);
    expect(inspectorWanted(withHost('0.0.0.0'))).toBe(false);
    expect(inspectorWanted(withHost('0.0.0.0', 'on'))).toBe(true);
  });
});
