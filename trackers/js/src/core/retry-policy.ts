// Which failed requests are sent again. A request that the collector refused for what it is (bad request,
// unauthorised, forbidden, gone, unprocessable) would fail again, so it is never retried.

export interface RetryPolicyOptions {
  retryFailedRequests?: boolean;
  /** Statuses retried even if they would not be by default. */
  retryStatusCodes?: readonly number[];
  /** Statuses never retried, in addition to the default ones. */
  dontRetryStatusCodes?: readonly number[];
}

const NEVER_RETRIED = [400, 401, 403, 410, 422];

/** Whether events of a request answered with `status` (0: no answer) stay queued for another attempt. */
export function shouldRetry(status: number, options: RetryPolicyOptions): boolean {
  if (status >= 200 && status < 300) return false;
  if (options.retryFailedRequests === false) return false;
  if (options.retryStatusCodes?.includes(status)) return true;
  return !NEVER_RETRIED.includes(status) && !options.dontRetryStatusCodes?.includes(status);
}
