import { describe, expect, it } from 'vitest';
import { Id, parseIdCookie, recordEvent, serializeIdCookie, startSession } from './id-cookie.ts';

// A value written by @snowplow/browser-tracker 4.x.
const OFFICIAL = '85094061-f702-4b62-a46d-20f7226b4741.1665398554.3.1665398600.1665390000.be9520e7-16a5-4d4e-afa1-8e269f99a1cf.0f1e1c5c-2d2b-4c1c-8a0e-111111111111.2ec13853-ef9e-414a-8976-e64a4693b134.1665398554084.7';

describe('the _sp_id cookie', () => {
  it('reads and writes the official tracker format unchanged', () => {
    const state = parseIdCookie(OFFICIAL);
    expect(state[Id.DomainUserId]).toBe('85094061-f702-4b62-a46d-20f7226b4741');
    expect(state[Id.VisitCount]).toBe(3);
    expect(state[Id.SessionId]).toBe('be9520e7-16a5-4d4e-afa1-8e269f99a1cf');
    expect(state[Id.EventIndex]).toBe(7);
    expect(serializeIdCookie(state, false)).toBe(OFFICIAL);
  });

  it('gives a new visitor a domain user id and no session yet', () => {
    const state = parseIdCookie(null);
    expect(state[Id.DomainUserId]).toMatch(/^[0-9a-f-]{36}$/);
    expect(state[Id.VisitCount]).toBe(0);
    expect(state[Id.SessionId]).toBe('');
  });

  it('starts a session by counting the visit and remembering the previous session', () => {
    const state = parseIdCookie(OFFICIAL);
    startSession(state);
    expect(state[Id.VisitCount]).toBe(4);
    expect(state[Id.PreviousSessionId]).toBe('be9520e7-16a5-4d4e-afa1-8e269f99a1cf');
    expect(state[Id.SessionId]).not.toBe('be9520e7-16a5-4d4e-afa1-8e269f99a1cf');
    expect(state[Id.EventIndex]).toBe(0);
    // The last visit is the ending session's last activity (its nowTs), not the one before it (its lastVisitTs).
    expect(state[Id.LastVisitTs]).toBe(1665398600);
    expect(serializeIdCookie(state, false).split('.')).toHaveLength(10);
    recordEvent(state, { eid: 'first', dtm: '1700000000123' });
    recordEvent(state, { eid: 'second', dtm: '1700000000999' });
    expect(state[Id.FirstEventId]).toBe('first');
    expect(state[Id.FirstEventTs]).toBe(1700000000123);
    expect(state[Id.EventIndex]).toBe(2);
  });

  it('starts the first session of a new visitor with no last visit', () => {
    const state = parseIdCookie(null);
    startSession(state);
    expect(state[Id.VisitCount]).toBe(1);
    expect(state[Id.LastVisitTs]).toBe('');
    expect(state[Id.PreviousSessionId]).toBe('');
    expect(serializeIdCookie(state, false).split('.')).toHaveLength(10);
  });

  it('keeps neither the user id nor the previous session when anonymous', () => {
    const parts = serializeIdCookie(parseIdCookie(OFFICIAL), true).split('.');
    expect(parts[Id.DomainUserId]).toBe('');
    expect(parts[Id.PreviousSessionId]).toBe('');
    expect(parts[Id.SessionId]).toBe('be9520e7-16a5-4d4e-afa1-8e269f99a1cf');
  });
});
