import { describe, expect, it } from 'vitest';
import { createTrackerCore, type TrackerCoreOptions } from './tracker-core.ts';
import type { Payload } from './payload.ts';

function core(options: Partial<TrackerCoreOptions> = {}) {
  const emitted: Payload[] = [];
  const tracker = createTrackerCore({ _trackerFields: { tv: 'js-test', tna: 'sp1', aid: 'shop', p: 'web' }, _encodeBase64: false, _emit: (p) => emitted.push(p), ...options });
  return { tracker, emitted };
}
const entitiesOf = (payload: Payload) => JSON.parse(payload.co ?? '{"data":[]}').data as Array<{ schema: string }>;

describe('the tracker core', () => {
  it('completes a payload with event id, device timestamp and tracker fields', () => {
    const { tracker, emitted } = core();
    tracker._track({ e: 'pv', page: 'Home' });
    expect(emitted[0]).toMatchObject({ e: 'pv', page: 'Home', tv: 'js-test', tna: 'sp1', aid: 'shop', p: 'web' });
    expect(emitted[0]!.eid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Number(emitted[0]!.dtm) - Date.now())).toBeLessThan(1000);
  });

  it('sends a true timestamp as ttm instead of dtm', () => {
    const { tracker, emitted } = core();
    tracker._track({ e: 'pv' }, [], { type: 'ttm', value: 1600000000000 });
    expect(emitted[0]!.ttm).toBe('1600000000000');
    expect(emitted[0]!.dtm).toBeUndefined();
  });

  it('puts entities after every other field, base64url-encoded when asked', () => {
    const { tracker, emitted } = core({ _encodeBase64: true });
    tracker._track({ e: 'se', se_ca: 'c', se_ac: 'a' }, [{ schema: 'iglu:com.acme/e/jsonschema/1-0-0', data: { a: 1 } }]);
    expect(Object.keys(emitted[0]!).at(-1)).toBe('cx');
  });

  it('adds global contexts: entities, generators, and filtered ones by event schema', () => {
    const { tracker, emitted } = core();
    const always = { schema: 'iglu:com.acme/always/jsonschema/1-0-0', data: {} };
    tracker.addGlobalContexts([always, () => ({ schema: 'iglu:com.acme/generated/jsonschema/1-0-0', data: {} })]);
    tracker.addGlobalContexts({
      clicks: [(event) => event.eventSchema?.includes('/link_click/') ?? false, { schema: 'iglu:com.acme/clicks/jsonschema/1-0-0', data: {} }],
    });
    tracker._track({ e: 'pv' });
    tracker._track({ e: 'ue' }, [], null, { schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', data: { targetUrl: 'x' } });
    expect(entitiesOf(emitted[0]!).map((e) => e.schema)).toEqual(['iglu:com.acme/always/jsonschema/1-0-0', 'iglu:com.acme/generated/jsonschema/1-0-0']);
    expect(entitiesOf(emitted[1]!).map((e) => e.schema)).toContain('iglu:com.acme/clicks/jsonschema/1-0-0');
    tracker.removeGlobalContexts(['clicks', { ...always }]);
    tracker._track({ e: 'ue' }, [], null, { schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', data: { targetUrl: 'x' } });
    expect(entitiesOf(emitted[2]!).map((e) => e.schema)).toEqual(['iglu:com.acme/generated/jsonschema/1-0-0']);
    tracker.clearGlobalContexts();
    tracker._track({ e: 'pv' });
    expect(emitted[3]!.co).toBeUndefined();
  });

  it('lets the platform add fields and entities before the event is complete', () => {
    const { tracker, emitted } = core({
      _decorate(payload, entities) {
        payload.url = 'https://example.com/';
        entities.push({ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: 'x' } });
      },
    });
    tracker._track({ e: 'pv' });
    expect(emitted[0]!.url).toBe('https://example.com/');
    expect(entitiesOf(emitted[0]!)[0]!.schema).toContain('/web_page/');
  });
});
