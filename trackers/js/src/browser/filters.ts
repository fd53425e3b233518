// Allow/deny filters by CSS class, or a function, as the official link-click and form tracking take them.
import { list } from '../core/list.ts';

/** `{allowlist: classes}`, `{denylist: classes}` or `{filter: fn}`; the v2 names whitelist/blacklist work too. */
export interface ElementFilter<E extends Element = Element> {
  allowlist?: string[] | string;
  denylist?: string[] | string;
  whitelist?: string[] | string;
  blacklist?: string[] | string;
  filter?: (element: E) => boolean;
}


/**
 * Whether an element passes the filter (no filter: every element). Lists name CSS classes, or for form fields
 * (`byName`) the fields' names.
 */
export function passesFilter<E extends Element>(element: E, filter: ElementFilter<E> | null | undefined, byName?: boolean): boolean {
  if (!filter) return true;
  if (filter.filter) return filter.filter(element);
  const hasAny = (names: string[] | string) =>
    list(names).some((name) => (byName ? (element as unknown as { name: string }).name == name : element.classList.contains(name)));
  const allow = filter.allowlist ?? filter.whitelist;
  if (allow) return hasAny(allow);
  const deny = filter.denylist ?? filter.blacklist;
  return !deny || !hasAny(deny);
}

/** An element's CSS classes, or `undefined` (left out of the JSON) when it has none. */
export const classesOf = (element: Element): string[] | undefined => (element.classList.length ? [...element.classList] : undefined);
