// What the browser knows about the page and the device, read at each event as the official tracker does
// (same formulas, so both trackers produce the same enriched fields for the same page).
import { addField, type Payload } from '../core/payload.ts';

const dimension = (width: number, height: number): string | undefined =>
  isNaN(width) || isNaN(height) ? undefined : Math.floor(width) + 'x' + Math.floor(height);

/** [scrollX, scrollY] of the page, in whole pixels (zoomed pages scroll by fractions). */
export function pageOffsets(): [number, number] {
  const root = document.documentElement;
  return [Math.round(root.scrollLeft || scrollX), Math.round(root.scrollTop || scrollY)];
}

/** Adds `res vp ds cd tz lang cs cookie` to a payload. */
export function addBrowserFields(payload: Payload): void {
  const root = document.documentElement;
  const body = document.body;
  addField(payload, 'res', dimension(screen.width, screen.height));
  addField(payload, 'vp', dimension(Math.max(0, innerWidth), Math.max(0, innerHeight)));
  addField(
    payload,
    'ds',
    dimension(
      Math.max(root.clientWidth, root.offsetWidth, root.scrollWidth),
      Math.max(root.clientHeight, root.offsetHeight, root.scrollHeight, body ? Math.max(body.offsetHeight, body.scrollHeight) : 0),
    ),
  );
  addField(payload, 'cd', screen.colorDepth);
  addField(payload, 'tz', Intl.DateTimeFormat().resolvedOptions().timeZone);
  addField(payload, 'lang', navigator.language);
  addField(payload, 'cs', document.characterSet);
  addField(payload, 'cookie', navigator.cookieEnabled ? '1' : '0');
}

/** Sets `name=value` in a URL's query string (replacing an existing `name`), keeping any fragment. */
export function decorateQueryString(url: string, name: string, value: string): string {
  const decorated = new URL(url);
  decorated.searchParams.set(name, value);
  return decorated.href;
}
