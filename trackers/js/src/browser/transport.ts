// The browser transport: fetch, with a timeout, credentials for the collector's cookie, and keepalive when asked.
import type { Transport } from '../core/emitter.ts';
import type { TrackerConfiguration } from './configuration.ts';

/** fetch with the tracker's `connectionTimeout` (default 5000 ms) and `credentials` (default `include`). */
export const fetchTransport =
  (configuration: TrackerConfiguration): Transport =>
  (request) =>
    // The request's method, body, headers and keepalive are fetch's own options; a failed fetch rejects, which the
    // emitter counts as no answer.
    fetch(request._url, {
      ...request,
      credentials: configuration.credentials ?? 'include',
      // Browsers before 2022 have no AbortSignal.timeout: there a request waits for the browser's own timeout.
      signal: AbortSignal.timeout?.(configuration.connectionTimeout ?? 5000),
    }).then((response) => response.status);
