// First-party cookies in the browser. (The event queue's localStorage is read and written by the event store,
// which guards every access: storage may be blocked or full, and tracking must never throw into the host page.)

export function readCookie(name: string): string | null {
  const match = ('; ' + document.cookie).split('; ' + name + '=')[1];
  return match == null ? null : decodeURIComponent(match.split(';')[0]!);
}

/** The attributes part of a cookie string: `; Path=/; Domain=…; SameSite=Lax; Secure`. */
export function cookieAttributes(path: string, domain: string | undefined, sameSite: string, secure: boolean): string {
  return (
    '; Path=' + path +
    (domain ? '; Domain=' + domain : '') +
    '; SameSite=' + sameSite +
    // A Secure cookie is refused on a plain-http page: there it would silently never be stored.
    (secure && location.protocol == 'https:' ? '; Secure' : '')
  );
}

/**
 * Writes (or, with a negative lifetime, deletes) a cookie; `attributes` from `cookieAttributes`. The values the
 * tracker writes (ids, timestamps, dots, `*`) need no encoding.
 */
export function writeCookie(name: string, value: string, lifetimeSeconds: number, attributes: string): void {
  document.cookie = name + '=' + value + '; Max-Age=' + lifetimeSeconds + attributes;
}
