// Delivery: queues events in an event store, sends them as GET requests (one event each) or POST batches
// bounded in UTF-8 bytes, retries with exponential backoff the failures that may succeed later, splits a batch the
// collector answered 413, and reports every request's outcome as a value. The transport is injected.
import { jsonBytes, PAYLOAD_DATA_SCHEMA, type Payload } from './payload.ts';
import { guard } from './guard.ts';
import { shouldRetry, type RetryPolicyOptions } from './retry-policy.ts';
import type { EventStore, StoredEvent } from './event-store.ts';

/** One request; `method`, `body`, `headers` and `keepalive` are named as fetch names its options. */
export interface HttpRequest {
  _url: string;
  method: 'GET' | 'POST';
  body?: string;
  /** `Content-Type` of a POST, `SP-Anonymous: *` for server-side anonymisation. */
  headers: Record<string, string>;
  /** Survive the page's unload (fetch keepalive). */
  keepalive: boolean;
}

/**
 * Sends one request; resolves to the HTTP status. No answer (network error, timeout) resolves to 0 or rejects,
 * which counts the same.
 */
export type Transport = (request: HttpRequest) => Promise<number>;

/** The outcome of one request, or of an event that could not be queued or sent at all (status 0, `reason`). */
export interface RequestOutcome {
  events: Payload[];
  status: number;
  willRetry: boolean;
  reason?: string;
}

export interface EmitterOptions extends RetryPolicyOptions {
  /** Collector URL with scheme, without a trailing slash. */
  _endpoint: string;
  /** `get`: one event per GET request; anything else (`post`, the browser's `beacon`) POSTs batches. */
  eventMethod?: string;
  postPath?: string;
  /** Send once this many events are queued. */
  bufferSize?: number;
  /** Largest POST body in UTF-8 bytes (an event larger than this is sent alone). */
  maxPostBytes?: number;
  /** Add `stm` (sent timestamp) when sending. */
  useStm?: boolean;
  /** Send requests that fit the browser's 64 KiB budget with keepalive, so navigation does not cancel them. */
  keepalive?: boolean;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  _store: EventStore;
  _transport: Transport;
  onRequestResult?: (outcome: RequestOutcome) => void;
}

export interface Emitter {
  /** Queues one event and sends when the buffer is full. */
  _input(payload: Payload, anonymous?: boolean): void;
  /** Sends what is queued now, one request at a time; waits out a retry backoff unless `now` (back online). */
  _flush(now?: boolean): void;
  /** The page is going away: send what is queued with keepalive, within the 64 KiB budget. */
  _flushOnUnload(): void;
  _setBufferSize(size: number): void;
}

/** Browsers refuse keepalive requests once the bodies in flight add up to more than 64 KiB. */
export const KEEPALIVE_BUDGET_BYTES = 65536;
/** `{"schema":"…payload_data…","data":[` and `]}` (23 ASCII chars around the schema): what the envelope adds. */
const ENVELOPE_BYTES = PAYLOAD_DATA_SCHEMA.length + 23;

// Keys keep their order: the core adds the entities (`cx`/`co`, the longest part) last, as the official tracker does.
const encodeQuery = (payload: Payload): string =>
  Object.keys(payload)
    .map((key) => key + '=' + encodeURIComponent(payload[key]!))
    .join('&');

export function createEmitter(options: EmitterOptions): Emitter {
  const { _store: store, _transport: transport } = options;
  const post = options.eventMethod != 'get';
  const baseDelayMs = options.retryDelayMs ?? 1000;
  let bufferSize = options.bufferSize ?? 1;
  let maxBatchBytes = options.maxPostBytes ?? 40000;
  let retryDelayMs = baseDelayMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let keepaliveBytesInFlight = 0;
  /**
   * Events in flight (the store's own objects), and whether their request is keepalive (it outlives the page).
   * No entry, no request.
   */
  const inFlight = new Map<StoredEvent, boolean>();

  const report = guard(
    (events: StoredEvent[], status: number, willRetry: boolean, reason?: string) =>
      options.onRequestResult?.({ events: events.map((event) => event.payload), status, willRetry, reason }),
    'onRequestResult',
  );

  /** Sends the oldest queued events not in flight that fit in one request; false when there was nothing to send. */
  function send(unloading: boolean): boolean {
    const byteLimit = unloading ? Math.min(maxBatchBytes, KEEPALIVE_BUDGET_BYTES - keepaliveBytesInFlight) : maxBatchBytes;
    const events: StoredEvent[] = [];
    let bytes = ENVELOPE_BYTES;
    for (const event of store._events().filter((queued) => !inFlight.has(queued))) {
      const size = jsonBytes(event.payload) + 30;
      // One event per GET; a POST never mixes anonymous and identified events, and stays within the byte limit
      // (an event alone may be over it).
      if (events.length && (!post || !event.anonymous != !events[0]!.anonymous || bytes + size > byteLimit)) break;
      events.push(event);
      bytes += size;
    }
    if (!events.length || (unloading && bytes > byteLimit)) return false;
    const stm = String(Date.now());
    // stm goes first: in a GET URL it leads the query string, as with the official tracker.
    const payloads = events.map((event) => (options.useStm === false ? event.payload : { stm, ...event.payload }));
    const keepalive = unloading || (options.keepalive !== false && bytes + keepaliveBytesInFlight <= KEEPALIVE_BUDGET_BYTES);
    const keepaliveBytes = keepalive ? bytes : 0;
    for (const event of events) inFlight.set(event, keepalive);
    keepaliveBytesInFlight += keepaliveBytes;
    // A keepalive request completes after the page is gone, when nobody is left to read its answer: take its
    // events out of the stored queue now, or the next page would send them a second time.
    if (unloading) store._remove(events);
    const headers: Record<string, string> = post ? { 'Content-Type': 'application/json; charset=UTF-8' } : {};
    if (events[0]!.anonymous) headers['SP-Anonymous'] = '*';
    void transport({
      method: post ? 'POST' : 'GET',
      _url: options._endpoint + (post ? (options.postPath ?? '/com.snowplowanalytics.snowplow/tp2') : '/i?' + encodeQuery(payloads[0]!)),
      body: post ? JSON.stringify({ schema: PAYLOAD_DATA_SCHEMA, data: payloads }) : undefined,
      headers,
      keepalive,
    })
      .catch(() => 0)
      .then((status) => {
        keepaliveBytesInFlight -= keepaliveBytes;
        const retry = status == 413 ? events.length > 1 : shouldRetry(status, options);
        for (const event of events) {
          inFlight.delete(event);
          // Adding an event still queued changes nothing; one this page took out at unload and then lived on
          // (back/forward cache) goes back into the stored queue.
          if (retry) store._add(event);
        }
        if (!retry) store._remove(events);
        // The collector's body limit is below ours: batches are halved from now on (the envelope plus half the events'
        // bytes). A batch lost without an answer is halved too, since that is all a browser sees of a 413 sent
        // without CORS headers.
        if (events.length > 1 && (status == 413 || !status)) maxBatchBytes = (bytes + ENVELOPE_BYTES + 1) >> 1;
        // After a 413 the halves are sent again at once.
        const split = status == 413 && retry;
        report(events, status, retry, split ? 'split after 413' : undefined);
        if (retry && !split) {
          retryTimer ??= setTimeout(() => flush(true), retryDelayMs);
          retryDelayMs = Math.min(retryDelayMs * 2, options.maxRetryDelayMs ?? 60000);
          return;
        }
        // Success, or refused for good (or one event alone over the collector's limit): reported, not sent again.
        if (!retry) retryDelayMs = baseDelayMs;
        flush();
      });
    return true;
  }

  function flush(now?: boolean): void {
    if (now) {
      clearTimeout(retryTimer);
      retryTimer = undefined;
    }
    if (!inFlight.size && !retryTimer) send(false);
  }

  return {
    _input(payload, anonymous) {
      // JSON leaves out `anonymous: undefined`: the stored queue stays as small as it was.
      const event: StoredEvent = { payload, anonymous: anonymous || undefined };
      if (!store._add(event)) report([event], 0, false, 'event queue full');
      else if (store._events().length - inFlight.size >= bufferSize) flush();
    },
    _flush: flush,
    _flushOnUnload() {
      // Keepalive requests in flight will complete without this page: their events must not be sent again.
      store._remove([...inFlight].filter(([, keepalive]) => keepalive).map(([event]) => event));
      // During a retry backoff the collector is known to be unreachable: the events stay stored for the next page.
      if (!retryTimer) while (send(true));
    },
    _setBufferSize(size) {
      bufferSize = size;
    },
  };
}
