// Delegated listeners on the document, in the capture phase (a page's stopPropagation does not hide events from
// them), guarded like every entry point of the tracker.
import { guard } from './guard.ts';

/** Listens to `types` on the document; returns the function that stops listening. */
export function listenOnDocument(types: string[], handler: (event: Event) => void): () => void {
  const guarded = guard(handler);
  for (const type of types) document.addEventListener(type, guarded, true);
  return () => {
    for (const type of types) document.removeEventListener(type, guarded, true);
  };
}
