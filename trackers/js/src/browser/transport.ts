// The browser transport: fetch, with a timeout, credentials for the collector's cookie, and keepalive when asked.
import type { Transport } from '../core/emitter.ts';

export interface FetchTransportOptions {
  connectionTimeoutMs: number;
  credentials: RequestCredentials;
}

export function fetchTransport(options: FetchTransportOptions): Transport {
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
        credentials: options.credentials,
        // Browsers before 2022 have no AbortSignal.timeout: there a request waits for the browser's own timeout.
        signal: AbortSignal.timeout?.(options.connectionTimeoutMs),
      });
      return response.status;
    } catch {
      return 0;
    }
  };
}
