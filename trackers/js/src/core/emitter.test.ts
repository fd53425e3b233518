import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmitter, type EmitterOptions, type HttpRequest, type RequestOutcome } from './emitter.ts';
import { createEventStore } from './event-store.ts';
import { memoryStorage } from '../../test/memory-storage.ts';
import type { Payload } from './payload.ts';

let counter = 0;
const event = (extra: Payload = {}): Payload => ({ e: 'pv', eid: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`, ...extra });

/** An emitter whose transport answers from a list of statuses (then 200) and records every request. */
function harness(options: Partial<EmitterOptions> = {}, statuses: number[] = []) {
  const requests: HttpRequest[] = [];
  const outcomes: RequestOutcome[] = [];
  const storage = memoryStorage();
  const store = createEventStore({ _maxEvents: 100, _maxBytes: 100000, _storage: () => storage, _key: 'q' });
  const emitter = createEmitter({
    _endpoint: 'https://c.example',
    _store: store,
    _transport: async (request) => {
      requests.push(request);
      return statuses.shift() ?? 200;
    },
    onRequestResult: (outcome) => outcomes.push(outcome),
    ...options,
  });
  const bodies = () => requests.map((r) => JSON.parse(r.body!).data as Payload[]);
  return { emitter, store, storage, requests, outcomes, bodies };
}

beforeEach(() => vi.useFakeTimers({ now: 1700000000000 }));
afterEach(() => vi.useRealTimers());

describe('the emitter', () => {
  it('sends one GET per event, with stm first and every value URI-encoded', async () => {
    const { emitter, requests } = harness({ eventMethod: 'get' });
    emitter._input(event({ page: 'a b&c', cx: 'eyJ9' }));
    await vi.runAllTimersAsync();
    expect(requests[0]!.method).toBe('GET');
    expect(requests[0]!._url).toMatch(/^https:\/\/c\.example\/i\?stm=1700000000000&e=pv&eid=[^&]+&page=a%20b%26c&cx=eyJ9$/);
  });

  it('POSTs a payload_data envelope with stm in every event, to the configured path', async () => {
    const { emitter, requests, bodies } = harness({ postPath: '/com.acme/track', bufferSize: 2 });
    emitter._input(event());
    await vi.runAllTimersAsync();
    expect(requests).toHaveLength(0);
    emitter._input(event());
    await vi.runAllTimersAsync();
    expect(requests[0]!._url).toBe('https://c.example/com.acme/track');
    expect(JSON.parse(requests[0]!.body!).schema).toBe('iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4');
    expect(bodies()[0]!.map((e) => e.stm)).toEqual(['1700000000000', '1700000000000']);
  });

  it('keeps each POST body under maxPostBytes counted in UTF-8 bytes', async () => {
    const { emitter, store, requests } = harness({ bufferSize: 6, maxPostBytes: 1000 });
    for (let i = 0; i < 6; i++) emitter._input(event({ page: '€'.repeat(100) }));
    await vi.runAllTimersAsync();
    expect(requests.length).toBeGreaterThan(1);
    for (const request of requests) expect(Buffer.byteLength(request.body!)).toBeLessThanOrEqual(1000);
    expect(store._events()).toHaveLength(0);
  });

  it('sends an event larger than maxPostBytes alone', async () => {
    const { emitter, bodies } = harness({ bufferSize: 2, maxPostBytes: 500 });
    emitter._input(event({ page: 'x'.repeat(2000) }));
    emitter._input(event());
    await vi.runAllTimersAsync();
    expect(bodies().map((b) => b.length)).toEqual([1, 1]);
  });

  it('retries failures with doubling delays and reports each outcome', async () => {
    const { emitter, requests, outcomes, store } = harness({ retryDelayMs: 1000 }, [0, 503, 500]);
    emitter._input(event());
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(requests).toHaveLength(4);
    expect(outcomes.map((o) => [o.status, o.willRetry])).toEqual([[0, true], [503, true], [500, true], [200, false]]);
    expect(store._events()).toHaveLength(0);
  });

  it('does not send while backing off, and sends everything queued meanwhile once the collector answers', async () => {
    const { emitter, requests, bodies } = harness({ retryDelayMs: 1000 }, [0]);
    emitter._input(event());
    await vi.advanceTimersByTimeAsync(0);
    emitter._input(event());
    emitter._input(event());
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(bodies().slice(1).flat()).toHaveLength(3);
    expect(new Set(bodies().slice(1).flat().map((e) => e.eid)).size).toBe(3);
  });

  it('never retries 400, 401, 403, 410 or 422, and says so', async () => {
    for (const status of [400, 401, 403, 410, 422]) {
      const { emitter, requests, outcomes, store } = harness({}, [status]);
      emitter._input(event());
      await vi.runAllTimersAsync();
      expect(requests).toHaveLength(1);
      expect(outcomes[0]).toMatchObject({ status, willRetry: false });
      expect(store._events()).toHaveLength(0);
    }
  });

  it('splits a batch answered 413 and sends the halves at once', async () => {
    const { emitter, bodies, outcomes, store } = harness({ bufferSize: 4 }, [413]);
    for (let i = 0; i < 4; i++) emitter._input(event({ page: 'p'.repeat(100) }));
    await vi.runAllTimersAsync();
    expect(bodies().map((b) => b.length)).toEqual([4, 2, 2]);
    expect(outcomes[0]).toMatchObject({ status: 413, willRetry: true });
    expect(store._events()).toHaveLength(0);
  });

  it('halves a batch lost without an answer, which is how a browser sees a 413 without CORS headers', async () => {
    const { emitter, bodies, store } = harness({ bufferSize: 4, retryDelayMs: 100 }, [0]);
    for (let i = 0; i < 4; i++) emitter._input(event({ page: 'p'.repeat(100) }));
    await vi.runAllTimersAsync();
    expect(bodies().map((b) => b.length)).toEqual([4, 2, 2]);
    expect(store._events()).toHaveLength(0);
  });

  it('reports and drops a single event answered 413', async () => {
    const { emitter, requests, outcomes, store } = harness({}, [413]);
    emitter._input(event());
    await vi.runAllTimersAsync();
    expect(requests).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ status: 413, willRetry: false });
    expect(store._events()).toHaveLength(0);
  });

  it('never batches anonymous events with identified ones', async () => {
    const { emitter, requests } = harness({ bufferSize: 3 });
    emitter._input(event(), true);
    emitter._input(event(), true);
    emitter._input(event());
    await vi.runAllTimersAsync();
    expect(requests.map((r) => [r.headers['SP-Anonymous'] == '*', JSON.parse(r.body!).data.length])).toEqual([[true, 2], [false, 1]]);
  });

  it('on page unload sends what is queued with keepalive within 64 KiB and unstores it', async () => {
    const { emitter, requests, storage } = harness({ bufferSize: 100, maxPostBytes: 40000 });
    for (let i = 0; i < 30; i++) emitter._input(event({ page: 'x'.repeat(3000) }));
    emitter._flushOnUnload();
    expect(requests.every((r) => r.keepalive)).toBe(true);
    const sent = requests.reduce((total, r) => total + Buffer.byteLength(r.body!), 0);
    expect(sent).toBeLessThanOrEqual(65536);
    expect(requests.flatMap((r) => JSON.parse(r.body!).data).length).toBeLessThan(30);
    // What went out with keepalive is no longer stored; the rest is, for the next page.
    expect(JSON.parse(storage.getItem('q')!).length).toBe(30 - requests.flatMap((r) => JSON.parse(r.body!).data).length);
  });

  it('leaves events stored on unload while the collector is known to be down', async () => {
    const { emitter, requests, storage } = harness({ retryDelayMs: 5000 }, [0]);
    emitter._input(event());
    await vi.advanceTimersByTimeAsync(0);
    emitter._input(event());
    emitter._flushOnUnload();
    expect(requests).toHaveLength(1);
    expect(JSON.parse(storage.getItem('q')!)).toHaveLength(2);
  });

  it('reports an event the full queue refused', async () => {
    const requests: HttpRequest[] = [];
    const outcomes: RequestOutcome[] = [];
    const emitter = createEmitter({
      _endpoint: 'https://c.example',
      bufferSize: 10,
      _store: createEventStore({ _maxEvents: 1, _maxBytes: 100000, _key: 'q' }),
      _transport: async (r) => (requests.push(r), 200),
      onRequestResult: (o) => outcomes.push(o),
    });
    emitter._input(event());
    emitter._input(event());
    expect(outcomes).toEqual([expect.objectContaining({ status: 0, willRetry: false, reason: 'event queue full' })]);
  });

  it('keeps delivering when the outcome callback throws, and logs what it threw', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { emitter, requests } = harness({ onRequestResult: () => { throw new Error('user bug'); } });
    emitter._input(event());
    await vi.runAllTimersAsync();
    emitter._input(event());
    await vi.runAllTimersAsync();
    expect(requests).toHaveLength(2);
    expect(warn).toHaveBeenCalledWith('snowline: onRequestResult', new Error('user bug'));
    warn.mockRestore();
  });

  it('on page unload unstores the events of keepalive requests still in flight', async () => {
    const storage = memoryStorage();
    const emitter = createEmitter({
      _endpoint: 'https://c.example',
      _store: createEventStore({ _maxEvents: 100, _maxBytes: 100000, _storage: () => storage, _key: 'q' }),
      _transport: () => new Promise(() => {}),
    });
    emitter._input(event());
    expect(JSON.parse(storage.getItem('q')!)).toHaveLength(1);
    emitter._flushOnUnload();
    expect(storage.getItem('q')).toBeNull();
  });

  it('puts the events of a keepalive request back into storage when the page lives on and the request fails', async () => {
    const { emitter, requests, storage } = harness({ bufferSize: 10 }, [503]);
    emitter._input(event());
    emitter._flushOnUnload();
    expect(requests.map((r) => r.keepalive)).toEqual([true]);
    expect(storage.getItem('q')).toBeNull();
    // The page was kept in the back/forward cache and the collector answered 503: the event is stored again, for
    // this page's retry or the next page.
    await vi.advanceTimersByTimeAsync(0);
    expect(JSON.parse(storage.getItem('q')!)).toHaveLength(1);
  });

  it('retries at once when asked (the browser is back online), without waiting out the backoff', async () => {
    const { emitter, requests } = harness({ retryDelayMs: 60000 }, [0]);
    emitter._input(event());
    await vi.advanceTimersByTimeAsync(0);
    emitter._flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    emitter._flush(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(120000);
    expect(requests).toHaveLength(2);
  });
});
