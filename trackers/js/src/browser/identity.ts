// First-party identity in the browser: the `_sp_id` and `_sp_ses` cookies, session expiry, anonymous tracking.
// The id format and session rules are the core's; this file only stores them.
import { Id, parseIdCookie, recordEvent, serializeIdCookie, startSession, type IdState } from '../core/id-cookie.ts';
import type { Payload } from '../core/payload.ts';
import { sha1Prefix } from '../core/sha1.ts';
import type { TrackerConfiguration } from './configuration.ts';
import { cookieAttributes, readCookie, writeCookie } from './storage.ts';

/** Members start with `_`: internal names, which the sp.js build shortens. */
export interface Identity {
  /** Advances the session for one event and returns the state to put on it. */
  _forEvent(payload: Payload): IdState;
  /** The state without counting an event. */
  _current(): IdState;
  _newSession(): void;
  /** Deletes the identity cookies. */
  _clear(): void;
  _anonymous: boolean;
  _withSessionTracking: boolean;
}

export function createIdentity(configuration: TrackerConfiguration): Identity {
  // As the official tracker's fixupDomain: no trailing dot, `*.example.com` means `.example.com`.
  const fixup = (name: string) => name.replace(/\.$/, '').replace(/^\*\./, '.');
  const domain = configuration.cookieDomain && fixup(configuration.cookieDomain);
  const path = configuration.cookiePath ?? '/';
  const attributes = cookieAttributes(path, domain, configuration.cookieSameSite ?? 'Lax', configuration.cookieSecure !== false);
  const domainHash = sha1Prefix((domain || fixup(location.hostname)) + path);
  const namePrefix = configuration.cookieName ?? '_sp_';
  const idName = namePrefix + 'id.' + domainHash;
  const sessionName = namePrefix + 'ses.' + domainHash;
  const sessionTimeoutSeconds = configuration.sessionCookieTimeout ?? 1800;
  let memoryState: IdState | undefined;
  let lastEventTime = 0;

  /** Nothing is stored: the identity lives in memory for this page. */
  const inMemory = () => configuration.stateStorageStrategy == 'none' || (identity._anonymous && !identity._withSessionTracking);
  const load = (): IdState => (inMemory() ? (memoryState ??= parseIdCookie('')) : parseIdCookie(readCookie(idName)));

  function store(state: IdState): void {
    memoryState = state;
    if (inMemory()) return;
    writeCookie(idName, serializeIdCookie(state, identity._anonymous), configuration.cookieLifetime ?? 63072000, attributes);
    writeCookie(sessionName, '*', sessionTimeoutSeconds, attributes);
  }

  const identity: Identity = {
    _anonymous: false,
    _withSessionTracking: false,
    _forEvent(payload) {
      const state = load();
      const sessionAlive = inMemory() ? Date.now() - lastEventTime < sessionTimeoutSeconds * 1000 : readCookie(sessionName) != null;
      if (!state[Id.SessionId] || !sessionAlive) startSession(state);
      recordEvent(state, payload);
      lastEventTime = Date.now();
      store(state);
      return state;
    },
    _current: () => memoryState ?? load(),
    _newSession() {
      const state = load();
      startSession(state);
      store(state);
    },
    _clear() {
      writeCookie(idName, '', -1, attributes);
      writeCookie(sessionName, '', -1, attributes);
      memoryState = undefined;
    },
  };
  return identity;
}
