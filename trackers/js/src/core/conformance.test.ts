// The shared tracker conformance vectors (trackers/conformance/tracker-payloads.json), which the Lua tracker runs
// on five runtimes, run here against the JS tracker core: the same inputs must give the same parameters.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { structEvent, transaction, transactionItem } from './events.ts';
import type { Payload, SelfDescribingJson } from './payload.ts';
import { createTrackerCore } from './tracker-core.ts';

interface ConformanceCase {
  name: string;
  tracker: { namespace: string; appId: string; platform: string; encodeBase64: boolean };
  subject?: Record<string, unknown>;
  nowMs: number;
  entities?: SelfDescribingJson[];
  event: Record<string, unknown> & { type: string };
  expected: { params?: Record<string, string>; json?: Record<string, unknown>; events?: Record<string, string>[] };
}

const { cases } = JSON.parse(readFileSync(new URL('../../../conformance/tracker-payloads.json', import.meta.url), 'utf8')) as { cases: ConformanceCase[] };

/**
 * Cases the JS core cannot run as they stand, and why. The browser platform, not the core, supplies page URLs,
 * referrers and the subject fields (from the page and the browser), so those cases are covered by the browser tests.
 */
const NOT_FOR_THE_JS_CORE: Record<string, string> = {
  pageView: 'url and refr come from the browser platform (document.location, document.referrer)',
  screenView: 'the browser tracker adds previousName/previousId and keeps the id as given',
  timing: 'the browser tracker has no timing event (the official one has none either)',
};

function runCase(testCase: ConformanceCase): Payload[] {
  const emitted: Payload[] = [];
  const core = createTrackerCore({
    _trackerFields: { tv: 'js-conformance', tna: testCase.tracker.namespace, aid: testCase.tracker.appId, p: testCase.tracker.platform },
    _encodeBase64: testCase.tracker.encodeBase64,
    _emit: (payload) => emitted.push(payload),
  });
  const event = testCase.event;
  const entities = testCase.entities ?? [];
  if (event.type === 'structured') core._track(structEvent(event as never), entities, testCase.nowMs);
  else if (event.type === 'selfDescribing') core._track({ e: 'ue' }, entities, testCase.nowMs, { schema: event.schema as string, data: event.data });
  else if (event.type === 'ecommerceTransaction') {
    const items = event.items as Array<Record<string, unknown>>;
    core._track(transaction(event as never), entities, testCase.nowMs);
    // As the tag's trackTrans does: each item carries the order id and, unless it has its own, the currency.
    for (const item of items) core._track(transactionItem({ ...item, orderId: event.orderId, currency: item.currency ?? event.currency } as never), entities, testCase.nowMs);
  } else throw new Error(`no JS mapping for ${event.type}`);
  return emitted;
}

function decodeJson(key: string, value: string): unknown {
  if (key === 'cx' || key === 'ue_px') return JSON.parse(Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
  return JSON.parse(value);
}

function comparable(payload: Payload, jsonKeys: readonly string[]): Record<string, unknown> {
  const { eid, tv, stm, ...rest } = payload;
  expect(eid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(tv).toMatch(/^js-/);
  expect(stm).toBeUndefined();
  for (const value of Object.values(rest)) expect(value).not.toBe('');
  return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, jsonKeys.includes(key) ? decodeJson(key, value) : value]));
}

describe('the JS tracker core against the shared conformance vectors', () => {
  const runnable = cases.filter((testCase) => !(testCase.event.type in NOT_FOR_THE_JS_CORE) && testCase.subject === undefined);

  it('runs every vector whose event type and inputs the core supports', () => {
    const skipped = cases.filter((testCase) => !runnable.includes(testCase)).map((testCase) => testCase.name);
    expect(runnable.length).toBeGreaterThanOrEqual(4);
    expect(skipped.length + runnable.length).toBe(cases.length);
  });

  for (const testCase of cases.filter((candidate) => !(candidate.event.type in NOT_FOR_THE_JS_CORE) && candidate.subject === undefined)) {
    it(`gives the same parameters as the Lua tracker: ${testCase.name}`, () => {
      const emitted = runCase(testCase);
      if (testCase.expected.events) {
        expect(emitted.map((payload) => comparable(payload, []))).toEqual(testCase.expected.events);
        return;
      }
      expect(emitted).toHaveLength(1);
      const jsonKeys = Object.keys(testCase.expected.json ?? {});
      expect(comparable(emitted[0]!, jsonKeys)).toEqual({ ...testCase.expected.params, ...testCase.expected.json });
    });
  }
});
