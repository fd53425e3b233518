import { describe, expect, it } from 'vitest';
import { shouldRetry } from './retry-policy.ts';

describe('retry policy', () => {
  it('never retries a success or a refusal for what the request is', () => {
    for (const status of [200, 204, 400, 401, 403, 410, 422]) expect(shouldRetry(status, {})).toBe(false);
  });
  it('retries network failures, server errors and throttling', () => {
    for (const status of [0, 404, 408, 429, 500, 502, 503]) expect(shouldRetry(status, {})).toBe(true);
  });
  it('follows the user lists and the off switch', () => {
    expect(shouldRetry(400, { retryStatusCodes: [400] })).toBe(true);
    expect(shouldRetry(503, { dontRetryStatusCodes: [503] })).toBe(false);
    expect(shouldRetry(503, { retryFailedRequests: false })).toBe(false);
  });
});
