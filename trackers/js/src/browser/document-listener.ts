// Delegated listeners on the document, in the capture phase (a page's stopPropagation does not hide events from
// them), guarded like every entry point of the tracker.
import { words } from '../core/events.ts';
import { guard } from '../core/guard.ts';

/** Listens to `types` (space-separated) on the document; returns the function that stops listening. */
export function listenOnDocument(types: string, handler: (event: Event) => void): () => void {
  const guarded = guard(handler);
  for (const type of words(types)) document.addEventListener(type, guarded, true);
  return () => {
    for (const type of words(types)) document.removeEventListener(type, guarded, true);
  };
}
