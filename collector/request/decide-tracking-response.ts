import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { RAW_RECORD_SCHEMA, type CollectorPayload } from '../../enrich/index.ts';
import { ANONYMOUS_NETWORK_USER_ID, PIXEL_GIF } from '../http/fixed-responses.ts';
import { clientAddress, isTrustedProxy } from './client-address.ts';
import type { CollectorSettings } from './collector-settings.ts';
import { chooseCookieDomain } from './cookie-domain.ts';
import { formatSetCookie, readCookie } from './cookie-header.ts';
import { corsHeaders } from './cors.ts';
import { queryParameter, type TrackingRoute } from './tracking-route.ts';

/** A tracking request as plain data: what the HTTP adapter read from the socket. */
export interface TrackingRequest {
  readonly route: Exclude<TrackingRoute, { kind: 'preflight' }>;
  /** The path as requested (before aliases), for the cookie-bounce URL. */
  readonly requestPath: string;
  readonly method: string;
  readonly querystring: string;
  readonly headers: IncomingHttpHeaders;
  /** Header names and values as received, alternating (node's `rawHeaders`). */
  readonly rawHeaders: readonly string[];
  readonly socketAddress: string;
  readonly body: string | null;
  readonly receivedAtMs: number;
}

export interface TrackingResponse {
  readonly status: number;
  readonly headers: readonly [string, string][];
  readonly body: Buffer | string;
}

/** The record to make durable before answering (null: nothing is recorded), and the answer. */
export interface TrackingDecision {
  readonly record: CollectorPayload | null;
  readonly response: TrackingResponse;
}

const MS_PER_DAY = 86_400_000;
const EPOCH = new Date(0);
const FORWARDING_HEADERS = new Set(['x-forwarded-for', 'forwarded', 'x-real-ip']);
const ANONYMOUS_STRIPPED_HEADERS = new Set(['x-forwarded-for', 'forwarded', 'x-real-ip', 'cookie']);

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function hostWithoutPort(host: string | undefined): string | null {
  if (!host) return null;
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1) || host;
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

// Lengths of the header names that may be stripped, so most names are never lower-cased (hot path).
const STRIPPABLE_NAME_LENGTHS = new Set([...ANONYMOUS_STRIPPED_HEADERS].map((name) => name.length));

function recordedHeaders(rawHeaders: readonly string[], stripped: ReadonlySet<string> | null): string[] {
  const headers: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!;
    if (stripped && STRIPPABLE_NAME_LENGTHS.has(name.length) && stripped.has(name.toLowerCase())) continue;
    headers.push(`${name}: ${rawHeaders[index + 1]}`);
  }
  return headers;
}

/**
 * The collector's answer to one tracking request and the raw record it produces, as a plain function of the
 * request (hono-style: the HTTP server is an adapter around it). Rules from reference 2.1 to 2.5.
 */
export function decideTrackingResponse(request: TrackingRequest, settings: CollectorSettings): TrackingDecision {
  const { config } = settings;
  const cookieConfig = config.cookie;
  const headers = request.headers;
  const anonymous = headers['sp-anonymous'] !== undefined;
  const cookieHeader = single(headers.cookie);
  const requestCookie = readCookie(cookieHeader, cookieConfig.name);
  const doNotTrackCookie = settings.doNotTrackValue === null ? null : readCookie(cookieHeader, config.doNotTrackCookie.name);
  const doNotTrack = doNotTrackCookie !== null && settings.doNotTrackValue!.test(doNotTrackCookie);

  const bounce = config.cookieBounce;
  const isPixel = request.route.kind === 'pixel';
  const bounced = bounce.enabled && isPixel && queryParameter(request.querystring, bounce.name) !== null;
  const firstBounceHop = bounce.enabled && isPixel && !anonymous && !doNotTrack && requestCookie === null && !bounced;

  let networkUserId: string;
  if (anonymous) networkUserId = ANONYMOUS_NETWORK_USER_ID;
  else networkUserId = queryParameter(request.querystring, 'nuid') ?? requestCookie ?? (bounced ? bounce.fallbackNetworkUserId : randomUUID());

  const responseHeaders: [string, string][] = corsHeaders(single(headers.origin), config.cors);
  if (cookieConfig.enabled && !doNotTrack) {
    const domain = chooseCookieDomain(single(headers.origin), cookieConfig.domains, cookieConfig.fallbackDomain);
    const names = cookieConfig.clientCookieName ? [cookieConfig.name, cookieConfig.clientCookieName] : [cookieConfig.name];
    // An anonymous request that still carries the cookie gets it deleted (expired, empty); otherwise it is re-issued.
    if (!anonymous || requestCookie !== null) {
      const value = anonymous ? '' : networkUserId;
      const expires = anonymous ? EPOCH : new Date(request.receivedAtMs + cookieConfig.expirationDays * MS_PER_DAY);
      // A plain loop and object literal: this runs on every request (an object spread here showed in profiles).
      for (let index = 0; index < names.length; index++) {
        const httpOnly = index === 0 && cookieConfig.httpOnly;
        responseHeaders.push(['Set-Cookie', formatSetCookie(names[index]!, value, { domain, secure: cookieConfig.secure, sameSite: cookieConfig.sameSite, expires, httpOnly })]);
      }
    }
  }

  if (firstBounceHop) {
    const protocolHeader = bounce.forwardedProtocolHeader ? single(headers[bounce.forwardedProtocolHeader.toLowerCase()]) : undefined;
    const scheme = protocolHeader === 'https' ? 'https' : 'http';
    const query = request.querystring.length > 0 ? `${request.querystring}&${bounce.name}=true` : `${bounce.name}=true`;
    const location = `${scheme}://${single(headers.host) ?? 'localhost'}${request.requestPath}?${query}`;
    return { record: null, response: { status: 302, headers: [...responseHeaders, ['Location', location]], body: '' } };
  }

  const response = buildResponse(request, settings, responseHeaders);
  if (doNotTrack) return { record: null, response };

  const trustedPeer = isTrustedProxy(request.socketAddress, settings.trustedProxies);
  const ipAddress = anonymous
    ? 'unknown'
    : clientAddress(request.socketAddress, single(headers['x-forwarded-for']), single(headers.forwarded), settings.trustedProxies);
  // Forwarding headers from untrusted peers are not recorded: enrich would otherwise believe a forged address.
  const stripped = anonymous ? ANONYMOUS_STRIPPED_HEADERS : trustedPeer ? null : FORWARDING_HEADERS;
  const isPost = request.method === 'POST';
  const record: CollectorPayload = {
    schema: RAW_RECORD_SCHEMA,
    id: randomUUID(),
    ipAddress,
    timestamp: request.receivedAtMs,
    encoding: 'UTF-8',
    collector: settings.collectorName,
    userAgent: single(headers['user-agent']) ?? null,
    refererUri: single(headers.referer) ?? null,
    path: request.route.path,
    querystring: request.querystring,
    body: request.body !== null && request.body.length > 0 ? request.body : null,
    headers: recordedHeaders(request.rawHeaders, stripped),
    contentType: isPost ? (single(headers['content-type'])?.toLowerCase() ?? null) : null,
    hostname: hostWithoutPort(single(headers.host)),
    networkUserId,
  };
  return { record, response };
}

function buildResponse(request: TrackingRequest, settings: CollectorSettings, headers: [string, string][]): TrackingResponse {
  if (request.route.kind === 'post') {
    return { status: 200, headers: [...headers, ['Content-Type', 'text/plain; charset=utf-8']], body: 'ok' };
  }
  if (request.route.kind === 'redirect') return redirectResponse(request.querystring, settings, headers);
  return {
    status: 200,
    headers: [...headers, ['Content-Type', 'image/gif'], ['Cache-Control', 'no-cache, no-store, must-revalidate']],
    body: PIXEL_GIF,
  };
}

/** `/r/tp2?u=`: off by default; when on, only to hosts on the allow-list (an empty list denies all), never open. */
function redirectResponse(querystring: string, settings: CollectorSettings, headers: [string, string][]): TrackingResponse {
  const text: [string, string] = ['Content-Type', 'text/plain; charset=utf-8'];
  if (!settings.config.redirect.enabled) return { status: 404, headers: [...headers, text], body: 'redirects disabled' };
  const target = queryParameter(querystring, 'u');
  let url: URL | null = null;
  try {
    url = target ? new URL(target) : null;
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || !settings.redirectHosts.has(url.hostname.toLowerCase())) {
    return { status: 400, headers: [...headers, text], body: 'redirect target not allowed' };
  }
  return { status: 302, headers: [...headers, ['Location', url.href]], body: '' };
}
