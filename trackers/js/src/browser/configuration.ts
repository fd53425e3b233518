// Options of `newTracker`, named as in the official Snowplow JavaScript tracker (v3/v4) where it has them.
import type { RequestOutcome } from '../core/emitter.ts';

/**
 * Where state is kept: identity in cookies and the event queue in localStorage (default), both in cookies only
 * (queue in memory), or nothing stored. `localStorage` is accepted and taken as the default.
 */
export type StateStorageStrategy = 'cookieAndLocalStorage' | 'cookie' | 'localStorage' | 'none';

export interface AnonymousTrackingOptions {
  /** Keep the session (session id and index) while anonymous. */
  withSessionTracking?: boolean;
  /** Send `SP-Anonymous: *` so the collector records neither IP address nor network user id. */
  withServerAnonymisation?: boolean;
}

export interface TrackerConfiguration {
  appId?: string;
  platform?: string;
  /** `post` (default; batches) or `get` (one event per request). `beacon` is taken as `post` with keepalive. */
  eventMethod?: 'post' | 'get' | 'beacon';
  postPath?: string;
  /** Events queued before a request is sent (default 1). */
  bufferSize?: number;
  /** Largest POST body in UTF-8 bytes (default 40000). */
  maxPostBytes?: number;
  /** Base64url-encode entities and self-describing events (default: true for GET, false for POST). */
  encodeBase64?: boolean;
  /** Add the sent timestamp `stm` (default true). */
  useStm?: boolean;
  /** Send requests that fit the 64 KiB budget with fetch keepalive (default true). */
  keepalive?: boolean;
  /** ms before a request without an answer is aborted and counted as failed (default 5000). */
  connectionTimeout?: number;
  /** fetch credentials (default `include`, so the collector's `sp` cookie is sent). */
  credentials?: RequestCredentials;
  /** Retry failed requests (default true; never 400, 401, 403, 410, 422). */
  retryFailedRequests?: boolean;
  retryStatusCodes?: number[];
  dontRetryStatusCodes?: number[];
  /** First retry delay in ms, doubled after each failure (default 1000). */
  retryDelayMs?: number;
  /** Longest retry delay in ms (default 60000). */
  maxRetryDelayMs?: number;
  /** Events kept in the queue (default 1000). */
  maxLocalStorageQueueSize?: number;
  /** UTF-8 bytes kept in the queue (default 1000000). */
  maxLocalStorageQueueBytes?: number;
  /** Called with the outcome of every request, and for events that could not be queued or sent. */
  onRequestResult?: (outcome: RequestOutcome) => void;
  /** Prefix of the first-party cookie names (default `_sp_`). */
  cookieName?: string;
  cookieDomain?: string;
  cookiePath?: string;
  /** `Lax` (default), `Strict` or `None`. */
  cookieSameSite?: 'Lax' | 'Strict' | 'None';
  /** Secure cookies on https pages (default true). */
  cookieSecure?: boolean;
  /** Seconds the `_sp_id` cookie lives (default 63072000, two years). */
  cookieLifetime?: number;
  /** Seconds of inactivity after which a new session starts (default 1800). */
  sessionCookieTimeout?: number;
  stateStorageStrategy?: StateStorageStrategy;
  anonymousTracking?: boolean | AnonymousTrackingOptions;
  /** Send nothing and set no cookie when the browser's Do Not Track is on. */
  respectDoNotTrack?: boolean;
  /** Links for which this returns true get `_sp=<domain user id>.<timestamp>` when followed. */
  crossDomainLinker?: (link: HTMLAnchorElement | HTMLAreaElement) => boolean;
  /** Built-in entities: `web_page` (default true). */
  contexts?: { webPage?: boolean };
  /** Restart activity tracking timers at each page view (default true). */
  resetActivityTrackingOnPageView?: boolean;
}
