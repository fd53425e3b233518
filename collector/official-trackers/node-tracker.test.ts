// The official @snowplow/node-tracker (from npm) as a client of the collector: every event it sends, by GET, by
// POST and in batches, must arrive as raw records, and the collector's answers must satisfy it.
import { buildPageView, buildSelfDescribingEvent, buildStructEvent, newTracker, type PayloadBuilder } from '@snowplow/node-tracker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTemporaryCollector, type TemporaryCollector } from '../testing/temporary-collector.ts';

let collector: TemporaryCollector;
beforeAll(async () => {
  collector = await startTemporaryCollector({ rotateAfterMs: 200 });
});
afterAll(async () => {
  await collector.stop();
});

function someEvents(count: number, label: string): PayloadBuilder[] {
  return Array.from({ length: count }, (_, index) => {
    if (index % 3 === 0) return buildPageView({ pageUrl: `https://example.com/${label}/${index}`, pageTitle: `Page ${index}` });
    if (index % 3 === 1) return buildStructEvent({ category: label, action: 'act', label: String(index), value: index });
    return buildSelfDescribingEvent({ event: { schema: 'iglu:com.acme/thing/jsonschema/1-0-0', data: { label, index } } });
  });
}

/** Event ids carried by a raw record: one from a GET querystring, one per element of a POSTed payload_data. */
function eventIdsOf(record: Record<string, unknown>): string[] {
  if (record.body) return (JSON.parse(String(record.body)) as { data: { eid: string }[] }).data.map((event) => event.eid);
  const eid = new URLSearchParams(String(record.querystring)).get('eid');
  return eid ? [eid] : [];
}

async function recordsOfApp(appId: string) {
  return (await collector.records()).filter((record) => String(record.querystring).includes(`aid=${appId}`) || String(record.body).includes(`"aid":"${appId}"`));
}

describe('@snowplow/node-tracker as a client', () => {
  for (const { eventMethod, bufferSize, count } of [
    { eventMethod: 'get' as const, bufferSize: 1, count: 6 },
    { eventMethod: 'post' as const, bufferSize: 1, count: 4 },
    { eventMethod: 'post' as const, bufferSize: 5, count: 12 },
  ]) {
    it(`delivers every event by ${eventMethod.toUpperCase()} with bufferSize ${bufferSize}, each request answered 2xx with the sp cookie`, async () => {
      const appId = `node-${eventMethod}-${bufferSize}`;
      const failures: unknown[] = [];
      const cookies: string[] = [];
      const tracker = newTracker(
        { namespace: 'ns', appId, encodeBase64: eventMethod === 'get' },
        {
          endpoint: collector.url,
          eventMethod,
          bufferSize,
          onRequestFailure: (failure) => failures.push(failure),
          onRequestSuccess: (_batch, response) => cookies.push(...response.headers.getSetCookie()),
        },
      );
      const tracked = someEvents(count, appId).map((builder) => String(tracker.track(builder)!.eid));
      await tracker.flush();
      expect(failures).toEqual([]);
      const records = await recordsOfApp(appId);
      expect(records.flatMap(eventIdsOf).sort()).toEqual([...tracked].sort());
      // GET carries one event a request; POST carries whatever the emitter had queued (a batch) in one request.
      if (eventMethod === 'get') expect(records).toHaveLength(count);
      else expect(Math.max(...records.map((record) => eventIdsOf(record).length))).toBeGreaterThan(1);
      for (const record of records) {
        expect(record.path).toBe(eventMethod === 'get' ? '/i' : '/com.snowplowanalytics.snowplow/tp2');
        if (eventMethod === 'post') expect(record.contentType).toBe('application/json; charset=utf-8');
      }
      // The tracker calls onRequestSuccess after the request settles, which can be after flush() resolves.
      await vi.waitFor(() => expect(cookies).toHaveLength(records.length), { timeout: 5000 });
      for (const cookie of cookies) expect(cookie).toMatch(/^sp=[0-9a-f-]{36}; Expires=/);
    });
  }

  it('is recorded anonymously with serverAnonymization (SP-Anonymous): all-zero id, no IP, no cookie', async () => {
    const cookies: string[] = [];
    const tracker = newTracker(
      { namespace: 'ns', appId: 'node-anonymous' },
      { endpoint: collector.url, eventMethod: 'post', bufferSize: 1, serverAnonymization: true, onRequestSuccess: (_batch, response) => cookies.push(...response.headers.getSetCookie()) },
    );
    tracker.track(buildPageView({ pageUrl: 'https://example.com/anonymous' }));
    await tracker.flush();
    const [record] = await recordsOfApp('node-anonymous');
    expect(record).toMatchObject({ networkUserId: '00000000-0000-0000-0000-000000000000', ipAddress: 'unknown' });
    expect(cookies).toEqual([]);
  });
});
