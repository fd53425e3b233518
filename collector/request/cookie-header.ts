/** Value of the first cookie with this exact name in a `Cookie` request header, or null. */
export function readCookie(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  let start = 0;
  while (start < cookieHeader.length) {
    let end = cookieHeader.indexOf(';', start);
    if (end === -1) end = cookieHeader.length;
    const equals = cookieHeader.indexOf('=', start);
    if (equals !== -1 && equals < end && cookieHeader.slice(start, equals).trim() === name) {
      let value = cookieHeader.slice(equals + 1, end).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      return value;
    }
    start = end + 1;
  }
  return null;
}

export interface SetCookieAttributes {
  readonly expires: Date;
  readonly domain: string | null;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: 'None' | 'Lax' | 'Strict' | null;
}

let cachedExpiresSecond = Number.NaN;
let cachedExpiresText = '';

/** HTTP date of `expires`, formatted once per second (the hot path sets a cookie on every request). */
function httpDate(expires: Date): string {
  const second = Math.floor(expires.getTime() / 1000);
  if (second !== cachedExpiresSecond) {
    cachedExpiresSecond = second;
    cachedExpiresText = expires.toUTCString();
  }
  return cachedExpiresText;
}

/** A `Set-Cookie` value in the Snowplow collector's attribute order: `name=value; Expires; Path=/; Domain; SameSite; Secure; HttpOnly`. */
export function formatSetCookie(name: string, value: string, attributes: SetCookieAttributes): string {
  let cookie = `${name}=${value}; Expires=${httpDate(attributes.expires)}; Path=/`;
  if (attributes.domain) cookie += `; Domain=${attributes.domain}`;
  if (attributes.sameSite) cookie += `; SameSite=${attributes.sameSite}`;
  if (attributes.secure) cookie += '; Secure';
  if (attributes.httpOnly) cookie += '; HttpOnly';
  return cookie;
}
