// Activity tracking: after a page view, a page ping every `heartbeatDelay` seconds in which the visitor did
// something, once `minimumVisitLength` seconds have passed, with the scroll extents since the last ping.
import { words, type ScrollExtents } from '../core/events.ts';
import { pageOffsets } from './page.ts';

export interface ActivityTrackingConfiguration {
  /** Seconds after the page view before the first ping can be sent. */
  minimumVisitLength: number;
  /** Seconds between pings. */
  heartbeatDelay: number;
}

/** Members start with `_`: internal names, which the sp.js build shortens. */
export interface ActivityTracker {
  _configure(configuration: ActivityTrackingConfiguration, onPing: (extents: ScrollExtents) => void): void;
  /** A page view was tracked: the timers and scroll extents start again. */
  _pageViewed(): void;
  /** Counts as visitor activity (for pages where activity is not a DOM event, e.g. a playing video). */
  _update(): void;
  _disable(): void;
}

const ACTIVITY_EVENTS = 'click mousedown mousemove keydown touchstart wheel resize focus scroll';

export function createActivityTracker(): ActivityTracker {
  let configuration: ActivityTrackingConfiguration | undefined;
  let onPing: ((extents: ScrollExtents) => void) | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastActivityTime = 0;
  let extents: ScrollExtents | undefined;

  /** Every activity event counts; scrolling (or no event: a reset) also widens the scroll extents. */
  const markActivity = (event?: Event) => {
    lastActivityTime = Date.now();
    // Offsets are read on scroll only: reading them forces a layout, too costly on every mouse move.
    if (event && event.type != 'scroll') return;
    const [x, y] = pageOffsets();
    extents = extents
      ? [Math.min(extents[0], x), Math.max(extents[1], x), Math.min(extents[2], y), Math.max(extents[3], y)]
      : [x, x, y, y];
  };
  /** Extents and activity start again from the current scroll position. */
  const restart = () => {
    extents = undefined;
    markActivity();
    lastActivityTime = 0;
  };

  function start(): void {
    clearInterval(timer);
    if (!configuration) return;
    const heartbeatMs = Math.max(1, configuration.heartbeatDelay) * 1000;
    const firstPingTime = Date.now() + configuration.minimumVisitLength * 1000;
    let lastPingTime = Date.now();
    restart();
    // Checked every heartbeat: a ping needs the minimum visit length passed and activity since the last check.
    timer = setInterval(() => {
      if (Date.now() >= firstPingTime && lastActivityTime > lastPingTime) {
        lastPingTime = Date.now();
        onPing!(extents!);
        restart();
      }
    }, heartbeatMs);
  }

  return {
    _configure(newConfiguration, newOnPing) {
      // Capture phase: a page's stopPropagation does not hide activity. Browsers make window-level touch and wheel
      // listeners passive by default, so scrolling is not held up.
      if (!onPing) for (const name of words(ACTIVITY_EVENTS)) addEventListener(name, markActivity, true);
      configuration = newConfiguration;
      onPing = newOnPing;
    },
    _pageViewed: start,
    _update: () => markActivity(),
    _disable() {
      configuration = undefined;
      clearInterval(timer);
    },
  };
}
