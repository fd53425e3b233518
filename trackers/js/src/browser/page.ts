// What the browser knows about the page and the device, read at each event as the official tracker does
// (same formulas, so both trackers produce the same enriched fields for the same page).
import { addField, type Payload } from '../core/payload.ts';

/** `<width>x<height>`; every size read here is a whole number of CSS pixels. */
const dimension = (width: number, height: number): string => width + 'x' + height;

/** [scrollX, scrollY] of the page, in whole pixels (zoomed pages scroll by fractions). */
export const pageOffsets = (): [number, number] => [Math.round(scrollX), Math.round(scrollY)];

/** Adds `res vp ds cd tz lang cs cookie` to a payload. */
export function addBrowserFields(payload: Payload): void {
  const root = document.documentElement;
  const body = document.body;
  addField(payload, 'res', dimension(screen.width, screen.height));
  addField(payload, 'vp', dimension(innerWidth, innerHeight));
  addField(
    payload,
    'ds',
    dimension(
      Math.max(root.clientWidth, root.offsetWidth, root.scrollWidth),
      // A page may have no body yet (a script in the head): its sizes count as 0.
      Math.max(root.clientHeight, root.offsetHeight, root.scrollHeight, body?.offsetHeight | 0, body?.scrollHeight | 0),
    ),
  );
  addField(payload, 'cd', screen.colorDepth);
  addField(payload, 'tz', Intl.DateTimeFormat().resolvedOptions().timeZone);
  addField(payload, 'lang', navigator.language);
  addField(payload, 'cs', document.characterSet);
  // `1` or `0`.
  addField(payload, 'cookie', +navigator.cookieEnabled);
}
