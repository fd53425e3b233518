// The tag's command function: `snowplow('method:tracker1;tracker2', ...args)`, as the official sp.js takes it.
// Methods accept both the v3/v4 object argument and the v2 positional arguments, so an existing snippet keeps
// working when only the script URL changes.
import { ITEM_FIELDS, STRUCTURED_FIELDS, TRANSACTION_FIELDS, words } from '../core/events.ts';
import { guard } from '../core/guard.ts';
import type { TrackerConfiguration } from './configuration.ts';
import { createBrowserTracker, type BrowserTracker } from './tracker.ts';

/** The arguments every track method ends with. */
const COMMON = ' context timestamp';

/** v2 positional argument names (space-separated), per method: positional calls are turned into the object form. */
const POSITIONAL: Record<string, string> = {
  trackPageView: 'title context contextCallback timestamp',
  enableActivityTracking: 'minimumVisitLength heartbeatDelay',
  trackStructEvent: STRUCTURED_FIELDS + COMMON,
  trackSelfDescribingEvent: 'event' + COMMON,
  enableLinkClickTracking: 'options pseudoClicks trackContent context',
  trackLinkClick: 'targetUrl elementId elementClasses elementTarget elementContent' + COMMON,
  enableFormTracking: 'options context',
  addTrans: TRANSACTION_FIELDS + COMMON,
  addItem: ITEM_FIELDS + COMMON,
  trackScreenView: 'name id' + COMMON,
};
/** v2 names of renamed methods. */
const ALIASES: Record<string, string> = { trackUnstructEvent: 'trackSelfDescribingEvent', enableLinkTracking: 'enableLinkClickTracking' };

/** The object argument of a method called either way. */
export function objectArgument(method: string, args: unknown[]): unknown {
  const first = args[0];
  if (!POSITIONAL[method]) return first;
  const names = words(POSITIONAL[method]);
  const isObjectForm =
    args.length == 1 && first != null && typeof first == 'object' && !Array.isArray(first) &&
    (Object.keys(first).length == 0 || names.some((name) => name in first));
  if (isObjectForm) return first;
  const result: Record<string, unknown> = {};
  names.forEach((name, i) => args[i] !== undefined && (result[name] = args[i]));
  return result;
}

export type CommandFunction = ((command: string | ((this: Record<string, BrowserTracker>) => void), ...args: unknown[]) => void) & {
  q?: unknown[];
};

/** The command function over a set of trackers (shared by every global name on the page). */
export function createCommandFunction(trackers: Record<string, BrowserTracker>): CommandFunction {
  return guard((command, ...args) => {
    if (typeof command == 'function') return command.call(trackers);
    const [rawMethod, names] = String(command).split(':') as [string, string | undefined];
    if (rawMethod == 'newTracker') {
      const [id, endpoint, configuration] = args as [string, string, TrackerConfiguration | undefined];
      if (!trackers[id]) trackers[id] = createBrowserTracker(id, endpoint, configuration);
      return;
    }
    const method = ALIASES[rawMethod] ?? rawMethod;
    const targets = names ? names.split(';').map((name) => trackers[name]) : Object.values(trackers);
    for (const tracker of targets) {
      const handler = (tracker as Record<string, ((argument: unknown) => unknown) | undefined> | undefined)?.[method];
      if (!handler) throw Error('no tracker method ' + command);
      handler(objectArgument(method, args));
    }
  }, 'command');
}
