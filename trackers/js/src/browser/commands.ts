// The tag's command function: `snowplow('method:tracker1;tracker2', ...args)`, as the official sp.js takes it.
// Methods accept both the v3/v4 object argument and the v2 positional arguments, so an existing snippet keeps
// working when only the script URL changes.
import { ITEM_FIELDS, STRUCTURED_FIELDS, TRANSACTION_FIELDS } from '../core/events.ts';
import { guard } from './guard.ts';
import type { TrackerConfiguration } from './configuration.ts';
import { createBrowserTracker, type BrowserTracker } from './tracker.ts';

const withCommon = (names: string[]) => [...names, 'context', 'timestamp'];

/** v2 positional argument names, per method: positional calls are turned into the object form. */
const POSITIONAL: Record<string, string[]> = {
  trackPageView: ['title', 'context', 'contextCallback', 'timestamp'],
  enableActivityTracking: ['minimumVisitLength', 'heartbeatDelay'],
  trackStructEvent: withCommon(STRUCTURED_FIELDS),
  trackSelfDescribingEvent: withCommon(['event']),
  enableLinkClickTracking: ['options', 'pseudoClicks', 'trackContent', 'context'],
  trackLinkClick: withCommon(['targetUrl', 'elementId', 'elementClasses', 'elementTarget', 'elementContent']),
  enableFormTracking: ['options', 'context'],
  addTrans: withCommon(TRANSACTION_FIELDS),
  addItem: withCommon(ITEM_FIELDS),
  trackScreenView: withCommon(['name', 'id']),
};
/** v2 names of renamed methods. */
const ALIASES: Record<string, string> = { trackUnstructEvent: 'trackSelfDescribingEvent', enableLinkTracking: 'enableLinkClickTracking' };

/** The object argument of a method called either way. */
export function objectArgument(method: string, args: unknown[]): unknown {
  const names = POSITIONAL[method];
  const first = args[0];
  if (!names) return first;
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
