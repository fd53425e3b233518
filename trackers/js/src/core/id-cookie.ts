// The first-party identity kept in the `_sp_id` cookie, in the official tracker's format so that existing
// visitors keep their ids when a site switches trackers:
//   domainUserId.createTs.visitCount.nowTs.lastVisitTs.sessionId.previousSessionId.firstEventId.firstEventTs.eventIndex
// (timestamps in seconds, except firstEventTs in ms). Kept as the tuple of those parts, indexed by `Id`, because
// the cookie value is exactly that tuple joined by dots. Pure functions: reading and writing cookies is the platform's.
import { uuidV4, type Payload } from './payload.ts';

export enum Id {
  DomainUserId,
  CreateTs,
  VisitCount,
  NowTs,
  LastVisitTs,
  SessionId,
  PreviousSessionId,
  FirstEventId,
  FirstEventTs,
  EventIndex,
}

export type IdState = [
  domainUserId: string,
  createTs: number,
  visitCount: number,
  nowTs: number,
  lastVisitTs: number | string,
  sessionId: string,
  previousSessionId: string,
  firstEventId: string,
  firstEventTs: number | string,
  eventIndex: number,
];

const nowSeconds = (): number => Math.round(Date.now() / 1000);

/**
 * Reads a `_sp_id` value; a missing one gives a new visitor (new domain user id, no session yet). An empty domain
 * user id (written by anonymous tracking with session tracking) gets a fresh id that is never stored.
 */
export function parseIdCookie(value: string | null | undefined): IdState {
  const parts = (value || '').split('.');
  const now = nowSeconds();
  // Each part's fallback, which also tells its kind: a number falls back when missing, unreadable or 0 (which no
  // count or timestamp read back is); a text when missing, empty or `undefined` (older official cookies).
  const state = ['', now, 0, now, '', '', '', '', '', 0].map((fallback, i) =>
    typeof fallback == 'number' ? +parts[i]! || fallback : parts[i] && parts[i] != 'undefined' ? parts[i] : fallback,
  ) as IdState;
  state[Id.DomainUserId] ||= uuidV4();
  return state;
}

/** The `_sp_id` value; anonymous tracking keeps the session but no user or previous-session id. */
export function serializeIdCookie(state: IdState, anonymous: boolean): string {
  const parts: unknown[] = [...state];
  if (anonymous) parts[Id.DomainUserId] = parts[Id.PreviousSessionId] = '';
  return parts.join('.');
}

/** Starts a new session (visit): new session id, visit count plus one, event index back to 0. */
export function startSession(state: IdState): void {
  const sessionId = state[Id.SessionId];
  state[Id.VisitCount]++;
  // Parts LastVisitTs to EventIndex in one go: the last visit is the session that ends (if any), a new session id,
  // the ending one as previous session, no first event yet (id, timestamp), event index 0.
  state.splice(Id.LastVisitTs, 6, sessionId ? state[Id.NowTs] : state[Id.LastVisitTs], uuidV4(), sessionId, '', '', 0);
}

/** Counts one event of the session; the first one is remembered as the session's first event. */
export function recordEvent(state: IdState, payload: Payload): void {
  state[Id.NowTs] = nowSeconds();
  if (!state[Id.EventIndex]++) {
    state[Id.FirstEventId] = payload.eid!;
    state[Id.FirstEventTs] = +(payload.dtm ?? payload.ttm)!;
  }
}
