// The browser tracker: the platform-free core and emitter, decorated with what only a browser has (page, cookies,
// DOM listeners, localStorage, fetch). Every public method is wrapped so that nothing it does throws into the page.
import { createEmitter, type Emitter } from '../core/emitter.ts';
import { createEventStore } from '../core/event-store.ts';
import * as events from '../core/events.ts';
import { addField, uuidV4, type Payload, type SelfDescribingJson } from '../core/payload.ts';
import { Id } from '../core/id-cookie.ts';
import { createTrackerCore, type Timestamp } from '../core/tracker-core.ts';
import { createActivityTracker, type ActivityTrackingConfiguration } from './activity.ts';
import type { AnonymousTrackingOptions, TrackerConfiguration } from './configuration.ts';
import { guard } from '../core/guard.ts';
import { trackFormSubmissions, type FormTrackingOptions } from './forms.ts';
import { createIdentity } from './identity.ts';
import { enableCrossDomainLinking, linkClickOf, trackLinkClicks, type LinkClickTrackingOptions } from './links.ts';
import { addBrowserFields } from './page.ts';
import { readCookie } from './storage.ts';
import { fetchTransport } from './transport.ts';

export const TRACKER_VERSION = 'js-snowline-0.1.0';

/** Per-event options every track method takes. */
export interface CommonEventProperties {
  context?: SelfDescribingJson[] | null;
  timestamp?: Timestamp | null;
}

export type BrowserTracker = ReturnType<typeof createBrowserTracker>;

/** The collector URL with a scheme (the page's on http, else https) and without a trailing slash. */
const collectorUrl = (url: string) =>
  (/^https?:\/\//i.test(url) ? url : (location.protocol == 'http:' ? 'http://' : 'https://') + url).replace(/\/+$/, '');

/** The stop function of a tracking that was never started. */
const noOperation = (): void => {};

export function createBrowserTracker(namespace: string, endpoint: string, configuration: TrackerConfiguration = {}) {
  const get = configuration.eventMethod == 'get';
  const strategy = configuration.stateStorageStrategy;
  const store = createEventStore({
    _maxEvents: configuration.maxLocalStorageQueueSize ?? 1000,
    _maxBytes: configuration.maxLocalStorageQueueBytes ?? 1_000_000,
    // The queue is in localStorage unless the strategy keeps state in cookies only, or nowhere.
    _storage: strategy == 'cookie' || strategy == 'none' ? null : () => localStorage,
    _key: 'snowplowOutQueue_' + namespace + (get ? '_get' : '_post2'),
  });
  const emitter: Emitter = createEmitter({
    ...configuration,
    _endpoint: collectorUrl(endpoint),
    keepalive: configuration.eventMethod == 'beacon' || configuration.keepalive !== false,
    _store: store,
    _transport: fetchTransport(configuration),
  });
  const identity = createIdentity(configuration);
  const anonymousOptions = (value: TrackerConfiguration['anonymousTracking']) => {
    // `true` has no such properties: plain anonymous tracking keeps no session and is not anonymised server-side.
    identity._anonymous = !!value;
    identity._withSessionTracking = !!(value as AnonymousTrackingOptions | undefined)?.withSessionTracking;
    serverAnonymisation = !!(value as AnonymousTrackingOptions | undefined)?.withServerAnonymisation;
  };
  let serverAnonymisation = false;
  anonymousOptions(configuration.anonymousTracking);
  // Every browser that runs ES2020 says `1` in navigator.doNotTrack (`yes` and window.doNotTrack were older ones').
  const doNotTrack = configuration.respectDoNotTrack && navigator.doNotTrack == '1';
  const activity = createActivityTracker();
  let userId: string | null | undefined;
  let customUrl: string | undefined;
  let lastUrl = location.href;
  let spaReferrer: string | undefined;
  let customReferrer: string | undefined;
  let customTitle: string | undefined;
  let pageViewId = uuidV4();
  let preservePageViewId = false;
  let pageViewSent = false;
  let stopLinkTracking = noOperation;
  let stopFormTracking = noOperation;
  let previousScreen: { name: string; id: string } | undefined;
  let transactionItems: events.TransactionItemEvent[] = [];
  let pendingTransaction: (events.TransactionEvent & CommonEventProperties) | undefined;

  const core = createTrackerCore({
    _trackerFields: { tv: TRACKER_VERSION, tna: namespace, aid: configuration.appId, p: configuration.platform ?? 'web' },
    _encodeBase64: configuration.encodeBase64 ?? get,
    _emit: (payload) => emitter._input(payload, serverAnonymisation),
    _decorate(payload, entities) {
      const state = identity._forEvent(payload);
      const sessionVisible = !identity._anonymous || identity._withSessionTracking;
      addBrowserFields(payload);
      if (sessionVisible) {
        addField(payload, 'vid', state[Id.VisitCount]);
        addField(payload, 'sid', state[Id.SessionId]);
      }
      if (!identity._anonymous) {
        addField(payload, 'duid', state[Id.DomainUserId]);
        addField(payload, 'uid', userId);
      }
      // A single-page app that changed its URL (history API or fragment) refers from the URL before, as with the
      // official tracker.
      if (location.href != lastUrl) spaReferrer = lastUrl;
      lastUrl = location.href;
      addField(payload, 'refr', customReferrer ?? spaReferrer ?? document.referrer);
      addField(payload, 'url', customUrl ?? lastUrl);
      if (configuration.contexts?.webPage !== false) entities.push({ schema: events.webPageSchema, data: { id: pageViewId } });
    },
  });

  const track = (fields: Payload, properties?: CommonEventProperties | null, selfDescribingEvent?: SelfDescribingJson): void => {
    if (!doNotTrack) core._track(fields, properties?.context ?? [], properties?.timestamp, selfDescribingEvent);
  };
  const trackSelfDescribing = (event: SelfDescribingJson, properties?: CommonEventProperties | null) => track({ e: 'ue' }, properties, event);
  const onPageHidden = () => emitter._flushOnUnload();

  if (!doNotTrack) {
    addEventListener('pagehide', onPageHidden);
    // visibilitychange bubbles from the document to the window.
    addEventListener('visibilitychange', () => document.hidden && onPageHidden());
    // Back online: no need to wait out the retry delay.
    addEventListener('online', () => emitter._flush(true));
    if (configuration.crossDomainLinker) {
      enableCrossDomainLinking(configuration.crossDomainLinker, () => identity._current()[Id.DomainUserId] + '.' + Date.now());
    }
    // Events left from an earlier page (closed while offline, or before an answer came) go first.
    emitter._flush();
  }

  const methods = {
    trackPageView(event?: (events.PageViewEvent & CommonEventProperties & { contextCallback?: () => SelfDescribingJson[] }) | null) {
      if (pageViewSent && !preservePageViewId) pageViewId = uuidV4();
      pageViewSent = true;
      const context = [...(event?.context ?? []), ...(event?.contextCallback?.() ?? [])];
      track(events.pageView({ title: event?.title ?? customTitle ?? document.title }), { context, timestamp: event?.timestamp });
      if (configuration.resetActivityTrackingOnPageView !== false) activity._pageViewed();
    },
    enableActivityTracking(activityConfiguration: ActivityTrackingConfiguration) {
      activity._configure(activityConfiguration, (extents) => track(events.pagePing(customTitle ?? document.title, extents)));
      if (pageViewSent) activity._pageViewed();
    },
    disableActivityTracking: activity._disable,
    updatePageActivity: activity._update,
    trackStructEvent: (event: events.StructuredEvent & CommonEventProperties) => track(events.structEvent(event), event),
    trackSelfDescribingEvent: (event: { event: SelfDescribingJson } & CommonEventProperties) => trackSelfDescribing(event.event, event),
    trackLinkClick: (event: events.LinkClickEvent & CommonEventProperties) =>
      trackSelfDescribing({ schema: events.linkClickSchema, data: { ...event, context: undefined, timestamp: undefined } }, event),
    enableLinkClickTracking(options?: (LinkClickTrackingOptions & CommonEventProperties) | null) {
      const given = options ?? {};
      stopLinkTracking();
      stopLinkTracking = trackLinkClicks(given, (link) =>
        trackSelfDescribing({ schema: events.linkClickSchema, data: linkClickOf(link, given.trackContent) }, given),
      );
    },
    /** Links are found by a delegated listener, so new links are tracked without a refresh. */
    refreshLinkClickTracking: noOperation,
    enableFormTracking(options?: (FormTrackingOptions & CommonEventProperties) | null) {
      const given = options ?? {};
      stopFormTracking();
      stopFormTracking = trackFormSubmissions(given, (event) => trackSelfDescribing({ schema: events.submitFormSchema, data: event }, given));
    },
    /** A screen view of a single-page app; the previous screen's name and id are added. */
    trackScreenView(event: events.ScreenViewEvent & CommonEventProperties) {
      const screen = { name: event.name, id: event.id ?? uuidV4(), type: event.type, transitionType: event.transitionType };
      trackSelfDescribing({ schema: events.screenViewSchema, data: { ...screen, previousName: previousScreen?.name, previousId: previousScreen?.id } }, event);
      previousScreen = screen;
    },
    addTrans(event: events.TransactionEvent & CommonEventProperties) {
      pendingTransaction = event;
      transactionItems = [];
    },
    addItem: (event: events.TransactionItemEvent) => void transactionItems.push(event),
    /** Sends the transaction of addTrans, then one event per addItem. */
    trackTrans() {
      const transaction = pendingTransaction;
      if (!transaction) return;
      track(events.transaction(transaction), transaction);
      for (const item of transactionItems) {
        track(events.transactionItem({ ...item, currency: item.currency ?? transaction.currency }), { context: transaction.context });
      }
      pendingTransaction = undefined;
      transactionItems = [];
    },
    setUserId(id?: string | null) {
      userId = id;
    },
    setUserIdFromCookie(name: string) {
      userId = readCookie(name);
    },
    setCustomUrl(url: string) {
      customUrl = new URL(url, location.href).href;
    },
    setReferrerUrl(url: string) {
      customReferrer = url;
    },
    setDocumentTitle(title: string) {
      customTitle = title;
    },
    preservePageViewId() {
      preservePageViewId = true;
    },
    addGlobalContexts: core.addGlobalContexts,
    removeGlobalContexts: core.removeGlobalContexts,
    clearGlobalContexts: core.clearGlobalContexts,
    newSession: identity._newSession,
    /** Sends what is queued now, even during a retry backoff; `newBufferSize` changes the batch size. */
    flushBuffer(options?: { newBufferSize?: number }) {
      if (options?.newBufferSize) emitter._setBufferSize(options.newBufferSize);
      emitter._flush(true);
    },
    setBufferSize: emitter._setBufferSize,
    enableAnonymousTracking(options?: { options?: TrackerConfiguration['anonymousTracking'] }) {
      anonymousOptions(options?.options ?? true);
      if (!identity._withSessionTracking) identity._clear();
    },
    disableAnonymousTracking: () => anonymousOptions(false),
    clearUserData: identity._clear,
    getDomainUserId: () => identity._current()[Id.DomainUserId],
    getUserId: () => userId,
    getPageViewId: () => pageViewId,
  };
  return guardMethods(methods);
}

/** Wraps every method so that an exception inside the tracker is logged, never thrown into the host page. */
function guardMethods<T extends Record<string, (...args: never[]) => unknown>>(methods: T): T {
  const guarded: Record<string, unknown> = {};
  for (const name in methods) guarded[name] = guard(methods[name]!, name);
  return guarded as T;
}
