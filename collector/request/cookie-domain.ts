/** Host part of each origin in an `Origin` header (several, space-separated, are allowed); unparseable ones are skipped. */
export function originHosts(originHeader: string | undefined): string[] {
  if (!originHeader) return [];
  const hosts: string[] = [];
  for (const origin of originHeader.split(' ')) {
    if (origin.length === 0 || origin === 'null') continue;
    try {
      hosts.push(new URL(origin).hostname.toLowerCase());
    } catch {
      // An unparseable origin selects no domain.
    }
  }
  return hosts;
}

/**
 * The cookie domain for a request (reference 2.3): the first configured domain that an origin host equals or
 * ends with `.<domain>`, else the fallback domain, else none.
 */
export function chooseCookieDomain(originHeader: string | undefined, domains: readonly string[], fallbackDomain: string | null): string | null {
  if (domains.length > 0) {
    const hosts = originHosts(originHeader);
    for (const domain of domains) {
      const bare = domain.replace(/^\./, '').toLowerCase();
      if (hosts.some((host) => host === bare || host.endsWith(`.${bare}`))) return domain;
    }
  }
  return fallbackDomain;
}
