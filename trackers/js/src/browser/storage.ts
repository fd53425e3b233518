// First-party state in the browser: cookies and localStorage, localStorage access guarded because either may be
// disabled or full, and tracking must never throw into the host page.
import type { KeyValueStorage } from '../core/event-store.ts';

export interface CookieAttributes {
  path: string;
  domain?: string;
  sameSite: string;
  secure: boolean;
}

export function readCookie(name: string): string | null {
  const match = ('; ' + document.cookie).split('; ' + name + '=')[1];
  return match == null ? null : decodeURIComponent(match.split(';')[0]!);
}

/** Writes (or, with a negative lifetime, deletes) a cookie. */
export function writeCookie(name: string, value: string, lifetimeSeconds: number, attributes: CookieAttributes): void {
  document.cookie =
    name + '=' + encodeURIComponent(value) +
    '; Expires=' + new Date(Date.now() + lifetimeSeconds * 1000).toUTCString() +
    '; Path=' + attributes.path +
    (attributes.domain ? '; Domain=' + attributes.domain : '') +
    '; SameSite=' + attributes.sameSite +
    // A Secure cookie is refused on a plain-http page: there it would silently never be stored.
    (attributes.secure && location.protocol == 'https:' ? '; Secure' : '');
}

/** `localStorage`, or null where it is blocked (some privacy modes throw on access; a full one throws on write). */
export function localStorageOrNull(): KeyValueStorage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
