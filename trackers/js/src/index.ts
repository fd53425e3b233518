// The ES module: the same tracker as sp.js, for bundlers. `newTracker` returns a tracker object; the functions
// below mirror @snowplow/browser-tracker's (`trackPageView(event, trackers?)`) and act on every tracker, or on
// the ids given.
import { createBrowserTracker, type BrowserTracker } from './browser/tracker.ts';
import type { TrackerConfiguration } from './browser/configuration.ts';
import { createCommandFunction } from './browser/commands.ts';

export type { TrackerConfiguration, AnonymousTrackingOptions, StateStorageStrategy } from './browser/configuration.ts';
export type { BrowserTracker, CommonEventProperties } from './browser/tracker.ts';
export type { RequestOutcome } from './core/emitter.ts';
export type { SelfDescribingJson, Payload } from './core/payload.ts';
export type { GlobalContext, Timestamp } from './core/tracker-core.ts';
export type * from './core/events.ts';
export { TRACKER_VERSION } from './browser/tracker.ts';

const trackers: Record<string, BrowserTracker> = {};

/** Creates a tracker (or returns the existing one with this id). */
export function newTracker(id: string, endpoint: string, configuration?: TrackerConfiguration): BrowserTracker {
  return (trackers[id] ??= createBrowserTracker(id, endpoint, configuration));
}

export const getTracker = (id: string): BrowserTracker | undefined => trackers[id];

/** The tag's command function (`snowplow('trackPageView')`) over the trackers of this module. */
export const snowplow = createCommandFunction(trackers);

type Method = { [K in keyof BrowserTracker]: BrowserTracker[K] extends (argument: infer A) => unknown ? K : never }[keyof BrowserTracker];

const forTrackers =
  <K extends Method>(method: K) =>
  (argument?: Parameters<BrowserTracker[K]>[0], trackerIds?: string[]): void => {
    for (const id of trackerIds ?? Object.keys(trackers)) (trackers[id]?.[method] as ((value: unknown) => void) | undefined)?.(argument);
  };

export const trackPageView = forTrackers('trackPageView');
export const trackStructEvent = forTrackers('trackStructEvent');
export const trackSelfDescribingEvent = forTrackers('trackSelfDescribingEvent');
export const trackLinkClick = forTrackers('trackLinkClick');
export const trackScreenView = forTrackers('trackScreenView');
export const enableActivityTracking = forTrackers('enableActivityTracking');
export const enableLinkClickTracking = forTrackers('enableLinkClickTracking');
export const enableFormTracking = forTrackers('enableFormTracking');
export const addTrans = forTrackers('addTrans');
export const addItem = forTrackers('addItem');
export const trackTrans = forTrackers('trackTrans');
export const setUserId = forTrackers('setUserId');
export const setCustomUrl = forTrackers('setCustomUrl');
export const setReferrerUrl = forTrackers('setReferrerUrl');
export const setDocumentTitle = forTrackers('setDocumentTitle');
export const addGlobalContexts = forTrackers('addGlobalContexts');
export const removeGlobalContexts = forTrackers('removeGlobalContexts');
export const clearGlobalContexts = forTrackers('clearGlobalContexts');
export const newSession = forTrackers('newSession');
export const flushBuffer = forTrackers('flushBuffer');
export const enableAnonymousTracking = forTrackers('enableAnonymousTracking');
export const disableAnonymousTracking = forTrackers('disableAnonymousTracking');
export const clearUserData = forTrackers('clearUserData');
