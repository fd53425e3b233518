// Splits page and referrer URLs into the page_url* / refr_url* fields. Parts stay as sent (path, query and
// fragment keep their %-encoding), as Enrich does; the port defaults to 80 for http and 443 for https.

export interface UrlParts {
  scheme: string;
  host: string;
  port: number | null;
  path: string | null;
  query: string | null;
  fragment: string | null;
}

const URL_SHAPE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
const AUTHORITY = /^(?:[^@]*@)?(\[[0-9a-fA-F:.]+\]|[^:]*)(?::(\d*))?$/;

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };

/** The parts of an absolute `scheme://host…` URL, or null when it is not one. */
export function splitUrl(url: string): UrlParts | null {
  const match = URL_SHAPE.exec(url);
  if (match === null) return null;
  const authority = AUTHORITY.exec(match[2]!);
  if (authority === null || authority[1] === '' || /\s/.test(match[2]!)) return null;
  const scheme = match[1]!.toLowerCase();
  let port: number | null = null;
  if (authority[2] !== undefined && authority[2] !== '') {
    port = Number(authority[2]);
    if (port > 65535) return null;
  } else {
    port = DEFAULT_PORTS[scheme] ?? null;
  }
  return {
    scheme,
    host: authority[1]!,
    port,
    path: match[3] === '' ? null : match[3]!,
    query: match[4] === undefined || match[4] === '' ? null : match[4],
    fragment: match[5] === undefined || match[5] === '' ? null : match[5],
  };
}
