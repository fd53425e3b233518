// The browser transport: fetch, with a timeout, credentials for the collector's cookie, and keepalive when asked.
import type { Transport } from '../core/emitter.ts';
import type { TrackerConfiguration } from './configuration.ts';

/** fetch with the tracker's `connectionTimeout` (default 5000 ms) and `credentials` (default `include`). */
export function fetchTransport(configuration: TrackerConfiguration): Transport {
  return async (request) => {
    const headers: Record<string, string> = {};
    if (request.body != null) headers['Content-Type'] = 'application/json; charset=UTF-8';
    if (request.anonymous) headers['SP-Anonymous'] = '*';
    try {
      const response = await fetch(request.url, {
        method: request.method,
        body: request.body,
        headers,
        keepalive: request.keepalive,
        credentials: configuration.credentials ?? 'include',
        // Browsers before 2022 have no AbortSignal.timeout: there a request waits for the browser's own timeout.
        signal: AbortSignal.timeout?.(configuration.connectionTimeout ?? 5000),
      });
      return response.status;
    } catch {
      return 0;
    }
  };
}
