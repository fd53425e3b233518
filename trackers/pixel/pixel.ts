// The no-JS tracker: tracking-pixel URLs and `<img>` tags for page views and structured events (e-mails, AMP
// pages, pages without JavaScript), and `/r/tp2` click links. Built once, served many times: there is no event id
// and no device timestamp (every load of the pixel is its own event; the collector's clock dates it).

export const PIXEL_TRACKER_VERSION = 'no-js-snowline-0.1.0';

/** The collector's default longest request target (path and query string), `collector.limits.maxRequestLineBytes`. */
export const DEFAULT_MAX_URL_BYTES = 20480;

export interface PixelOptions {
  /** The collector's base URL, e.g. `https://c.example.com`. */
  collectorUrl: string;
  appId?: string;
  /** Tracker namespace (`tna`). */
  namespace?: string;
  /** `p`, default `web` (`app` suits e-mails sent by an application, `mob`, `pc`, `srv`, `tv`, `iot`...). */
  platform?: string;
  /** Longest path and query string accepted; set it to the collector's `maxRequestLineBytes`. */
  maxUrlBytes?: number;
}

export interface EventCommon {
  /** Business user id (`uid`), e.g. the recipient's id in an e-mail. */
  userId?: string;
  /** Entities, sent base64url-encoded in `cx`. */
  entities?: Array<{ schema: string; data: unknown }>;
}

export interface PageViewPixel extends EventCommon {
  /** The page (or e-mail) the pixel stands for; without it the collector's `Referer` header is all there is. */
  url?: string;
  title?: string;
  referrer?: string;
}

export interface StructuredEventPixel extends EventCommon {
  category: string;
  action: string;
  label?: string;
  property?: string;
  value?: number | string;
}

/** A pixel or click URL would be longer than the collector accepts. */
export class PixelTooLargeError extends Error {
  override readonly name = 'PixelTooLargeError';
}

type Fields = Array<[string, unknown]>;

// Web-platform APIs only (TextEncoder, btoa): the library runs in Node, in workers and in browsers alike.
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function base64Url(text: string): string {
  return btoa(String.fromCharCode(...utf8(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function buildUrl(options: PixelOptions, path: string, fields: Fields, common: EventCommon): string {
  const base = new URL(options.collectorUrl);
  if (base.protocol != 'http:' && base.protocol != 'https:') throw new Error(`collector URL must be http or https, got "${options.collectorUrl}"`);
  const all: Fields = [
    ...fields,
    ['tv', PIXEL_TRACKER_VERSION],
    ['tna', options.namespace],
    ['aid', options.appId],
    ['p', options.platform ?? 'web'],
    ['uid', common.userId],
  ];
  if (common.entities?.length) {
    all.push(['cx', base64Url(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: common.entities }))]);
  }
  const query = all
    .filter(([, value]) => value != null && value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join('&');
  const target = base.pathname.replace(/\/+$/, '') + path + '?' + query;
  const maxBytes = options.maxUrlBytes ?? DEFAULT_MAX_URL_BYTES;
  const bytes = utf8(target).length;
  if (bytes > maxBytes) {
    throw new PixelTooLargeError(`the pixel's path and query string are ${bytes} bytes, over the limit of ${maxBytes} (collector maxRequestLineBytes): shorten the values or drop entities`);
  }
  return base.origin + target;
}

/** GET /i URL of a page view. */
export function pageViewPixelUrl(options: PixelOptions, event: PageViewPixel = {}): string {
  return buildUrl(options, '/i', [['e', 'pv'], ['url', event.url], ['page', event.title], ['refr', event.referrer]], event);
}

/** GET /i URL of a structured event (e.g. `email` / `open`). */
export function structEventPixelUrl(options: PixelOptions, event: StructuredEventPixel): string {
  if (!event.category || !event.action) throw new Error('a structured event needs a category and an action');
  return buildUrl(
    options,
    '/i',
    [['e', 'se'], ['se_ca', event.category], ['se_ac', event.action], ['se_la', event.label], ['se_pr', event.property], ['se_va', event.value]],
    event,
  );
}

/**
 * A `/r/tp2` link that records the click and redirects to `targetUrl` (the collector must have redirects enabled
 * and the target's host allowed). Without an event the click becomes a `uri_redirect` self-describing event;
 * with a structured event, that event carries a `uri_redirect` entity.
 */
export function clickRedirectUrl(options: PixelOptions, targetUrl: string, event?: StructuredEventPixel): string {
  const target = new URL(targetUrl);
  if (target.protocol != 'http:' && target.protocol != 'https:') throw new Error(`redirect target must be http or https, got "${targetUrl}"`);
  const fields: Fields = [['u', target.href]];
  if (event) fields.push(['e', 'se'], ['se_ca', event.category], ['se_ac', event.action], ['se_la', event.label], ['se_pr', event.property], ['se_va', event.value]);
  return buildUrl(options, '/r/tp2', fields, event ?? {});
}

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A 1×1 invisible `<img>` loading the pixel, safe to paste into HTML (the URL is attribute-escaped). */
export function pixelImgTag(pixelUrl: string): string {
  return `<img src="${escapeAttribute(pixelUrl)}" width="1" height="1" alt="" style="border:0;width:1px;height:1px" />`;
}

/** An `<a>` whose href records the click through `/r/tp2`. */
export function clickLinkTag(redirectUrl: string, text: string): string {
  return `<a href="${escapeAttribute(redirectUrl)}">${escapeAttribute(text)}</a>`;
}
