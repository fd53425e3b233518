import type { CollectorConfig } from '../config.ts';

export type CorsConfig = CollectorConfig['cors'];

/** `scheme://host[:port]` of the first parseable origin in an `Origin` header, or null. */
export function firstOrigin(originHeader: string | undefined): string | null {
  if (!originHeader) return null;
  for (const candidate of originHeader.split(' ')) {
    if (candidate.length === 0 || candidate === 'null') continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch {
      // Try the next one.
    }
  }
  return null;
}

/**
 * CORS headers of tracking and preflight answers. Without an allow-list the request origin is echoed with
 * credentials (what trackers sending `credentials: 'include'` need); with one, only listed origins are echoed with
 * credentials and every other origin gets `*` without credentials, which a credentialed browser request rejects.
 */
export function corsHeaders(originHeader: string | undefined, cors: CorsConfig): [string, string][] {
  const origin = firstOrigin(originHeader);
  if (cors.allowedOrigins === null) {
    return [
      ['Access-Control-Allow-Origin', origin ?? '*'],
      ['Access-Control-Allow-Credentials', 'true'],
    ];
  }
  if (origin !== null && cors.allowedOrigins.includes(origin)) {
    return [
      ['Access-Control-Allow-Origin', origin],
      ['Access-Control-Allow-Credentials', 'true'],
    ];
  }
  return [['Access-Control-Allow-Origin', '*']];
}

export function preflightHeaders(originHeader: string | undefined, cors: CorsConfig): [string, string][] {
  return [
    ...corsHeaders(originHeader, cors),
    ['Access-Control-Allow-Headers', cors.allowedHeaders.join(', ')],
    ['Access-Control-Max-Age', String(cors.maxAgeSeconds)],
  ];
}
