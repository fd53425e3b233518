/** What a request to the collector is, after path aliases are applied. */
export type TrackingRoute =
  | { readonly kind: 'pixel'; readonly path: string }
  | { readonly kind: 'post'; readonly path: string }
  | { readonly kind: 'redirect'; readonly path: string }
  | { readonly kind: 'preflight' };

const TWO_SEGMENTS = /^\/[^/]+\/[^/]+$/;

/**
 * Routes of the Snowplow collector (reference 2.1): `GET|HEAD /i`, `/ice.png`, `/<vendor>/<version>` answer the
 * pixel, `POST /<vendor>/<version>` answers `ok`, `GET /r/<anything>` is a click redirect, `OPTIONS` anywhere is a
 * CORS preflight. Anything else is not a tracking request (null).
 */
export function classifyTrackingRequest(method: string, requestPath: string, aliases: ReadonlyMap<string, string>): TrackingRoute | null {
  if (method === 'OPTIONS') return { kind: 'preflight' };
  const path = aliases.get(requestPath) ?? requestPath;
  const isRead = method === 'GET' || method === 'HEAD';
  if (isRead && (path === '/i' || path === '/ice.png')) return { kind: 'pixel', path };
  if (method === 'GET' && path.startsWith('/r/') && path.length > 3) return { kind: 'redirect', path };
  if (!TWO_SEGMENTS.test(path)) return null;
  if (isRead) return { kind: 'pixel', path };
  if (method === 'POST') return { kind: 'post', path };
  return null;
}

/** Paths answered before the express router, because they carry the tracking load. */
export function hotTrackingPaths(aliases: ReadonlyMap<string, string>): Set<string> {
  return new Set(['/i', '/ice.png', '/com.snowplowanalytics.snowplow/tp2', '/r/tp2', ...aliases.keys()]);
}

/** Splits a request target into path and raw (undecoded) query string without the `?`. */
export function splitRequestTarget(target: string): { path: string; querystring: string } {
  const question = target.indexOf('?');
  if (question === -1) return { path: target, querystring: '' };
  return { path: target.slice(0, question), querystring: target.slice(question + 1) };
}

/** First value of a query parameter, decoded like a form (`+` is a space); null when absent or undecodable. */
export function queryParameter(querystring: string, name: string): string | null {
  // Scans for `name=` at a pair boundary without splitting: this runs on every tracking request.
  let from = 0;
  while (from <= querystring.length) {
    const at = querystring.indexOf(name, from);
    if (at === -1) return null;
    const end = at + name.length;
    const atBoundary = at === 0 || querystring.charCodeAt(at - 1) === 38; /* & */
    const next = querystring.charCodeAt(end);
    if (atBoundary && (end === querystring.length || next === 61 /* = */ || next === 38)) {
      if (next !== 61) return '';
      const valueEnd = querystring.indexOf('&', end + 1);
      const raw = querystring.slice(end + 1, valueEnd === -1 ? undefined : valueEnd);
      try {
        return decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        return null;
      }
    }
    from = at + 1;
  }
  return null;
}
