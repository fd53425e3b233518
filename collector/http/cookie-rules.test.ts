import { describe, expect, it } from 'vitest';
import { useTemporaryCollector, type TemporaryCollector } from '../testing/temporary-collector.ts';

const start = useTemporaryCollector();

async function recordFor(running: TemporaryCollector, marker: string) {
  return (await running.records()).find((record) => String(record.querystring).includes(marker));
}

describe('network user id cookie (reference 2.3)', () => {
  it('picks the first configured domain the Origin host equals or ends with, else the fallback, else none', async () => {
    const running = await start({ cookie: { domains: ['acme.com', 'example.org'], fallbackDomain: 'fallback.net' } });
    const cookieFor = async (origin?: string) =>
      (await fetch(`${running.url}/i?e=pv`, { headers: origin ? { Origin: origin } : {} })).headers.getSetCookie()[0]!;
    expect(await cookieFor('https://shop.example.org')).toContain('; Domain=example.org;');
    expect(await cookieFor('https://acme.com:8443')).toContain('; Domain=acme.com;');
    expect(await cookieFor('https://notacme.com')).toContain('; Domain=fallback.net;');
    expect(await cookieFor()).toContain('; Domain=fallback.net;');
    await running.stop();
    const withoutFallback = await start({ cookie: { domains: ['acme.com'] } });
    const response = await fetch(`${withoutFallback.url}/i?e=pv`, { headers: { Origin: 'https://other.io' } });
    expect(response.headers.getSetCookie()[0]).not.toContain('Domain=');
  });

  it('honours name, expiry, SameSite, Secure and HttpOnly settings and sets a readable client cookie', async () => {
    const running = await start({
      cookie: { name: 'nid', expirationDays: 30, sameSite: 'Lax', secure: false, httpOnly: true, clientCookieName: 'nid_client' },
    });
    const response = await fetch(`${running.url}/i?e=pv`);
    const [server, client] = response.headers.getSetCookie();
    expect(server).toMatch(/^nid=[0-9a-f-]{36}; Expires=[^;]+; Path=\/; SameSite=Lax; HttpOnly$/);
    expect(client).toMatch(/^nid_client=[0-9a-f-]{36}; Expires=[^;]+; Path=\/; SameSite=Lax$/);
    expect(server!.split(';')[0]!.split('=')[1]).toBe(client!.split(';')[0]!.split('=')[1]);
    const expires = Date.parse(/Expires=([^;]+)/.exec(server!)![1]!);
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(30);
  });

  it('sets no cookie when cookies are disabled but still records a network user id', async () => {
    const running = await start({ cookie: { enabled: false } });
    const response = await fetch(`${running.url}/i?e=pv&aid=nocookie`);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect((await recordFor(running, 'aid=nocookie'))!.networkUserId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets the nuid query parameter win over the cookie', async () => {
    const running = await start();
    const response = await fetch(`${running.url}/i?e=pv&aid=nuid&nuid=11111111-2222-4333-8444-555555555555`, {
      headers: { Cookie: 'sp=99999999-2222-4333-8444-555555555555' },
    });
    expect(response.headers.getSetCookie()[0]).toMatch(/^sp=11111111-2222-4333-8444-555555555555;/);
    expect((await recordFor(running, 'aid=nuid'))!.networkUserId).toBe('11111111-2222-4333-8444-555555555555');
  });

  it('treats SP-Anonymous requests as anonymous: all-zero id, no IP, no cookie or forwarding headers recorded, no cookie set', async () => {
    const running = await start({ trustedProxies: ['127.0.0.1'] });
    const response = await fetch(`${running.url}/i?e=pv&aid=anon`, {
      headers: { 'SP-Anonymous': '*', 'X-Forwarded-For': '203.0.113.9', 'X-Real-Ip': '203.0.113.9' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
    const record = await recordFor(running, 'aid=anon');
    expect(record).toMatchObject({ networkUserId: '00000000-0000-0000-0000-000000000000', ipAddress: 'unknown' });
    const names = (record!.headers as string[]).map((header) => header.split(':')[0]!.toLowerCase());
    expect(names).not.toContain('x-forwarded-for');
    expect(names).not.toContain('x-real-ip');
    expect(names).toContain('sp-anonymous');
  });

  it('deletes the cookie of an anonymous request that still carries it', async () => {
    const running = await start();
    const response = await fetch(`${running.url}/i?e=pv&aid=anoncookie`, { headers: { 'SP-Anonymous': '*', Cookie: 'sp=abc' } });
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^sp=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=\//);
    const record = await recordFor(running, 'aid=anoncookie');
    expect((record!.headers as string[]).some((header) => header.toLowerCase().startsWith('cookie:'))).toBe(false);
  });

  it('answers a do-not-track request normally but records nothing and sets no cookie', async () => {
    const running = await start({ doNotTrackCookie: { enabled: true, name: 'dnt', valuePattern: 'yes|1' } });
    const ignored = await fetch(`${running.url}/i?e=pv&aid=dntyes`, { headers: { Cookie: 'dnt=yes' } });
    expect(ignored.status).toBe(200);
    expect(Buffer.from(await ignored.arrayBuffer())).toHaveLength(43);
    expect(ignored.headers.getSetCookie()).toEqual([]);
    const notMatching = await fetch(`${running.url}/i?e=pv&aid=dntno`, { headers: { Cookie: 'dnt=yesplease' } });
    expect(notMatching.headers.getSetCookie()).toHaveLength(1);
    expect(await recordFor(running, 'aid=dntyes')).toBeUndefined();
    expect(await recordFor(running, 'aid=dntno')).toBeDefined();
  });

  it('bounces a cookieless pixel request once with n3pc=true, then uses the fallback id if the cookie did not stick', async () => {
    const running = await start({ cookieBounce: { enabled: true } });
    const first = await fetch(`${running.url}/i?e=pv&aid=bounce`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(`http://127.0.0.1:${running.port}/i?e=pv&aid=bounce&n3pc=true`);
    expect(first.headers.getSetCookie()).toHaveLength(1);
    expect(await recordFor(running, 'aid=bounce')).toBeUndefined();
    const second = await fetch(first.headers.get('location')!, { redirect: 'manual' });
    expect(second.status).toBe(200);
    expect((await recordFor(running, 'aid=bounce&n3pc=true'))!.networkUserId).toBe('00000000-0000-4000-a000-000000000000');
    const withCookie = await fetch(`${running.url}/i?e=pv&aid=bouncecookie`, { redirect: 'manual', headers: { Cookie: 'sp=abc' } });
    expect(withCookie.status).toBe(200);
  });
});
