import autocannon from 'autocannon';

export interface LoadOptions {
  readonly url: string;
  readonly durationMs: number;
  readonly connections?: number;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Requests per second to hold (for latency at a fixed rate); unset = as fast as possible. */
  readonly overallRate?: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** Runs autocannon against a server in another process; bounded by durationMs. */
export async function runHttpLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: Math.max(1, Math.round(options.durationMs / 1000)),
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    overallRate: options.overallRate,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
