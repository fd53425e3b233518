// Snowplow Micro's documented API behaviour, against a real `snowline micro` pipeline with the official
// node tracker and plain HTTP requests as clients.
import { buildPageView, buildSelfDescribingEvent, buildStructEvent, newTracker } from '@snowplow/node-tracker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { snowlineConfigSchema } from '../cli/config/schema.ts';
import { startMicro, type RunningMicro } from '../cli/micro/start-micro.ts';
import { TEST_IGLU_REGISTRY } from '../test-support/iglu.ts';

async function json(url: string, init?: RequestInit): Promise<any> {
  const response = await fetch(url, init);
  expect(response.status).toBe(200);
  return response.json();
}

async function waitForTotal(micro: RunningMicro, total: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (micro.store.counts().total < total) {
    if (Date.now() > deadline) throw new Error(`expected ${total} events in Micro, have ${JSON.stringify(micro.store.counts())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('snowline micro API', () => {
  let micro: RunningMicro;
  const printed: string[] = [];
  beforeAll(async () => {
    const config = snowlineConfigSchema.parse({ collector: { port: 0 }, enrich: { iglu: { embeddedRegistryPaths: [TEST_IGLU_REGISTRY] } } });
    micro = await startMicro(config, { maxEvents: 50, outputTsv: true, outputJson: false, log: () => undefined, write: (text) => printed.push(text) });
  });
  afterAll(async () => {
    await micro?.stop();
  });
  beforeEach(async () => {
    await fetch(`${micro.url}/micro/reset`);
    printed.length = 0;
  });

  async function trackWithNodeTracker(): Promise<void> {
    const tracker = newTracker({ namespace: 'micro-test', appId: 'shop', encodeBase64: false }, { endpoint: micro.url, eventMethod: 'post', bufferSize: 3 });
    tracker.track(buildPageView({ pageUrl: 'https://shop.example.com/a', pageTitle: 'A' }), [
      { schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { tier: 'gold' } },
    ]);
    tracker.track(buildStructEvent({ category: 'cart', action: 'add' }));
    tracker.track(buildSelfDescribingEvent({ event: { schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', data: { targetUrl: 'https://example.com' } } }));
    await tracker.flush();
    await waitForTotal(micro, 3);
  }

  it('counts good and bad events on /micro/all and clears them on /micro/reset', async () => {
    await trackWithNodeTracker();
    await fetch(`${micro.url}/i?e=zz&p=web&tv=t`);
    await waitForTotal(micro, 4);
    expect(await json(`${micro.url}/micro/all`)).toEqual({ total: 4, good: 3, bad: 1 });
    const reset = await fetch(`${micro.url}/micro/reset`, { method: 'POST' });
    expect(await reset.text()).toBe('Reset completed');
    expect(await json(`${micro.url}/micro/all`)).toEqual({ total: 0, good: 0, bad: 0 });
  });

  it('lists good events newest first with eventType, schema, contexts, event and rawEvent', async () => {
    await trackWithNodeTracker();
    const good = await json(`${micro.url}/micro/good`);
    expect(good.map((event: any) => event.eventType)).toEqual(['unstruct', 'struct', 'page_view']);
    const pageView = good[2];
    expect(pageView.schema).toBe('iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0');
    expect(pageView.contexts).toEqual(['iglu:com.acme/user/jsonschema/1-0-0']);
    expect(pageView.event).toMatchObject({ app_id: 'shop', page_url: 'https://shop.example.com/a', contexts_com_acme_user_1: [{ tier: 'gold' }] });
    expect(pageView.rawEvent.api).toEqual({ vendor: 'com.snowplowanalytics.snowplow', version: 'tp2' });
    expect(pageView.rawEvent.parameters).toMatchObject({ e: 'pv', aid: 'shop' });
    expect(good[0].event.unstruct_event_com_snowplowanalytics_snowplow_link_click_1).toEqual({ targetUrl: 'https://example.com' });
  });

  it('filters good events by event_type, schema, contexts and limit (POST)', async () => {
    await trackWithNodeTracker();
    const post = (body: unknown) => json(`${micro.url}/micro/good`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ event_type: 'struct' })).map((event: any) => event.eventType)).toEqual(['struct']);
    expect((await post({ schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1' })).length).toBe(1);
    expect((await post({ contexts: ['iglu:com.acme/user/jsonschema/1-0-0'] })).map((event: any) => event.eventType)).toEqual(['page_view']);
    expect((await post({ limit: 2 })).map((event: any) => event.eventType)).toEqual(['unstruct', 'struct']);
    const badFilter = await fetch(`${micro.url}/micro/good`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"limit":"many"}' });
    expect(badFilter.status).toBe(400);
    expect(await badFilter.json()).toEqual({ error: 'limit must be a whole number ≥ 0' });
  });

  it('filters bad events by vendor and version and carries the bad row in errors', async () => {
    await fetch(`${micro.url}/i?e=zz&p=web&tv=t`);
    await fetch(`${micro.url}/com.snowplowanalytics.snowplow/tp2`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    await waitForTotal(micro, 2);
    const all = await json(`${micro.url}/micro/bad`);
    expect(all).toHaveLength(2);
    const tp2 = await json(`${micro.url}/micro/bad`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"version":"tp2"}' });
    expect(tp2).toHaveLength(1);
    expect(tp2[0].errors[0]).toBe('Error while validating the event.');
    expect(JSON.parse(tp2[0].errors[1]).schema).toMatch(/badrows\/tracker_protocol_violations/);
    expect(await json(`${micro.url}/micro/bad?limit=1`)).toHaveLength(1);
  });

  it('pages and filters /micro/events', async () => {
    await trackWithNodeTracker();
    const page = await json(`${micro.url}/micro/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filters: [{ column: 'event', values: ['page_view', 'struct'] }], validEvents: true, page: 1, pageSize: 1 }),
    });
    expect(page.totalItems).toBe(2);
    expect(page.totalPages).toBe(2);
    expect(page.events).toHaveLength(1);
  });

  it('resolves a standard schema and a local (--iglu) schema on /micro/iglu, and answers 404 for an unknown one', async () => {
    expect((await json(`${micro.url}/micro/iglu/com.acme/user/jsonschema/1-0-0`)).self.name).toBe('user');
    const schema = await json(`${micro.url}/micro/iglu/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1`);
    expect(schema.self).toMatchObject({ vendor: 'com.snowplowanalytics.snowplow', name: 'link_click', version: '1-0-1' });
    const missing = await fetch(`${micro.url}/micro/iglu/com.acme/nothing/jsonschema/1-0-0`);
    expect(missing.status).toBe(404);
  });

  it('answers CORS preflights and requests from any origin on /micro/*', async () => {
    const preflight = await fetch(`${micro.url}/micro/good`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const response = await fetch(`${micro.url}/micro/all`, { headers: { Origin: 'http://localhost:3000' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('names the device of an event with the bridge\'s device entity in the live list and the dashboard', async () => {
    const contexts = JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
      data: [{ schema: 'iglu:io.snowline/device/jsonschema/1-0-0', data: { deviceId: 'door-7', transport: 'mqtt' } }],
    });
    await fetch(`${micro.url}/i?e=se&se_ca=door&se_ac=open&p=iot&tv=t&co=${encodeURIComponent(contexts)}`);
    await waitForTotal(micro, 1);
    expect((await json(`${micro.url}/micro/recent`))[0]).toMatchObject({ kind: 'good', deviceId: 'door-7' });
    expect((await json(`${micro.url}/micro/stats`)).devices).toEqual([{ deviceId: 'door-7', events: 1, lastSeen: expect.any(String) }]);
  });

  it('lists the supported endpoints for an unknown /micro path', async () => {
    const response = await fetch(`${micro.url}/micro/nope`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/^Supported endpoints: \/micro\/all, \/micro\/good/);
  });

  it('prints every good event as an enriched TSV line with --output-tsv', async () => {
    await trackWithNodeTracker();
    const lines = printed.join('').split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.split('\t')).toHaveLength(131);
  });

  it('keeps at most --max-events events, dropping the oldest', async () => {
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(Array.from({ length: 10 }, (_, index) => fetch(`${micro.url}/i?e=se&se_ca=c&se_ac=a${batch * 10 + index}&p=web&tv=t`)));
    }
    await waitForTotal(micro, 50);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await json(`${micro.url}/micro/all`)).total).toBe(50);
    const newest = await json(`${micro.url}/micro/good?limit=1`);
    expect(newest[0].event.se_action).toMatch(/^a5\d$/);
  });
});
