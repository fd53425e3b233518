// Link clicks, tracked by one delegated listener on the document (so links added later are tracked too), and
// cross-domain linking: `_sp=<domain user id>.<timestamp>` added to chosen outbound links when they are followed.
import type { LinkClickEvent } from '../core/events.ts';
import { listenOnDocument } from './document-listener.ts';
import { classesOf, passesFilter, type ElementFilter } from './filters.ts';

type Link = HTMLAnchorElement | HTMLAreaElement;

export interface LinkClickTrackingOptions {
  options?: ElementFilter<Link> | null;
  /** Also count middle and right clicks (mousedown then mouseup on the same link). */
  pseudoClicks?: boolean;
  /** Send the link's innerHTML as elementContent. */
  trackContent?: boolean;
}

/** The link an event happened on, if any (an event on the document or window has no `closest`). */
const linkOf = (event: Event): Link | null | undefined => (event.target as Element).closest?.('a[href],area[href]') as Link | null | undefined;

/** The link_click fields of a link element. */
export const linkClickOf = (link: Link, trackContent?: boolean): LinkClickEvent => ({
  targetUrl: link.href,
  // Empty ones are `undefined`, left out of the JSON; elementTarget is sent even when empty, as the official
  // tracker sends it.
  elementId: link.id || undefined,
  elementClasses: classesOf(link),
  elementTarget: link.target,
  elementContent: (trackContent && link.innerHTML) || undefined,
});

/** Starts link-click tracking; returns the function that stops it. */
export function trackLinkClicks(configuration: LinkClickTrackingOptions, onClick: (link: Link) => void): () => void {
  let pressed: Link | null = null;
  return listenOnDocument(configuration.pseudoClicks ? 'click mousedown mouseup' : 'click', (event) => {
    const link = linkOf(event);
    if (!link || !passesFilter(link, configuration.options)) return;
    if (event.type == 'click') onClick(link);
    else if (event.type == 'mousedown') pressed = (event as MouseEvent).button ? link : null;
    else if (pressed == link) onClick(link);
  });
}

/** Decorates links chosen by `linker` with `_sp=<value()>` at the moment they are clicked or pressed. */
export function enableCrossDomainLinking(linker: (link: Link) => boolean, value: () => string): void {
  listenOnDocument('click mousedown', (event) => {
    const link = linkOf(event);
    if (link && linker(link)) {
      // Replaces an `_sp` the link already has, and keeps any fragment.
      const url = new URL(link.href);
      url.searchParams.set('_sp', value());
      link.href = url.href;
    }
  });
}
