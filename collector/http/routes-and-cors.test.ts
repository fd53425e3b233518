import { describe, expect, it } from 'vitest';
import { useTemporaryCollector, type TemporaryCollector } from '../testing/temporary-collector.ts';

const start = useTemporaryCollector();

async function recordFor(running: TemporaryCollector, marker: string) {
  return (await running.records()).find((record) => String(record.querystring).includes(marker));
}

describe('CORS', () => {
  it('answers a preflight on any path by echoing the origin with credentials and the allowed headers', async () => {
    const running = await start();
    const response = await fetch(`${running.url}/com.snowplowanalytics.snowplow/tp2`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type, SP-Anonymous');
    expect(response.headers.get('access-control-max-age')).toBe('3600');
    expect(await response.text()).toBe('');
    const elsewhere = await fetch(`${running.url}/anything/at/all`, { method: 'OPTIONS', headers: { Origin: 'https://a.example' } });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBe('https://a.example');
  });

  it('answers * without an Origin and restricts credentials to an allow-list when one is configured', async () => {
    const open = await start();
    const anonymous = await fetch(`${open.url}/i?e=pv`);
    expect(anonymous.headers.get('access-control-allow-origin')).toBe('*');
    await open.stop();
    const restricted = await start({ cors: { allowedOrigins: ['https://good.example'], allowedHeaders: ['Content-Type'] } });
    const good = await fetch(`${restricted.url}/i?e=pv`, { headers: { Origin: 'https://good.example' } });
    expect(good.headers.get('access-control-allow-origin')).toBe('https://good.example');
    expect(good.headers.get('access-control-allow-credentials')).toBe('true');
    const bad = await fetch(`${restricted.url}/com.snowplowanalytics.snowplow/tp2`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
    expect(bad.headers.get('access-control-allow-credentials')).toBeNull();
    expect(bad.headers.get('access-control-allow-headers')).toBe('Content-Type');
  });
});

describe('click redirects', () => {
  it('are off by default: 404 "redirects disabled", and the event is still recorded', async () => {
    const running = await start();
    const response = await fetch(`${running.url}/r/tp2?u=https%3A%2F%2Fexample.com%2F&aid=redir-off`, { redirect: 'manual' });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('redirects disabled');
    expect(await recordFor(running, 'aid=redir-off')).toMatchObject({ path: '/r/tp2' });
  });

  it('go only to hosts on the allow-list, compared exactly; everything else is 400 and recorded', async () => {
    const running = await start({ redirect: { enabled: true, allowedHosts: ['example.com'] } });
    const allowed = await fetch(`${running.url}/r/tp2?u=https%3A%2F%2Fexample.com%2Fpath%3Fq%3D1&aid=redir-ok`, { redirect: 'manual' });
    expect(allowed.status).toBe(302);
    expect(allowed.headers.get('location')).toBe('https://example.com/path?q=1');
    for (const target of ['https://evil.example.com/', 'https://example.com.evil.net/', 'javascript:alert(1)', '//evil.net/', 'not a url']) {
      const denied = await fetch(`${running.url}/r/tp2?u=${encodeURIComponent(target)}&aid=redir-denied`, { redirect: 'manual' });
      expect(denied.status, target).toBe(400);
      expect(denied.headers.get('location')).toBeNull();
    }
    expect((await running.records()).filter((record) => String(record.querystring).includes('aid=redir-denied'))).toHaveLength(5);
    expect(await recordFor(running, 'aid=redir-ok')).toBeDefined();
  });

  it('with an empty allow-list deny every target', async () => {
    const running = await start({ redirect: { enabled: true } });
    const response = await fetch(`${running.url}/r/tp2?u=https%3A%2F%2Fexample.com%2F`, { redirect: 'manual' });
    expect(response.status).toBe(400);
  });
});

describe('other routes', () => {
  it('records HEAD /i, /ice.png and any /<vendor>/<version> as pixels and POST /<vendor>/<version> as ok', async () => {
    const running = await start();
    const head = await fetch(`${running.url}/i?aid=head`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('43');
    expect((await fetch(`${running.url}/ice.png?aid=ice`)).headers.get('content-type')).toBe('image/gif');
    expect((await fetch(`${running.url}/com.acme/v1?aid=webhookget`)).headers.get('content-type')).toBe('image/gif');
    const webhook = await fetch(`${running.url}/com.mailchimp/v1?aid=webhookpost`, { method: 'POST', body: 'type=subscribe' });
    expect(await webhook.text()).toBe('ok');
    for (const marker of ['aid=head', 'aid=ice', 'aid=webhookget', 'aid=webhookpost']) expect(await recordFor(running, marker), marker).toBeDefined();
    expect((await recordFor(running, 'aid=ice'))!.path).toBe('/ice.png');
  });

  it('maps custom path aliases to their target path in the raw record', async () => {
    const running = await start({ paths: { '/com.acme/t': '/com.snowplowanalytics.snowplow/tp2' } });
    const response = await fetch(`${running.url}/com.acme/t?aid=alias`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(await response.text()).toBe('ok');
    expect((await recordFor(running, 'aid=alias'))!.path).toBe('/com.snowplowanalytics.snowplow/tp2');
  });

  it('serves robots.txt, and crossdomain.xml and a root response only when enabled', async () => {
    const plain = await start();
    expect(await (await fetch(`${plain.url}/robots.txt`)).text()).toBe(
      'User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nDisallow: /\n\nUser-agent: AdsBot-Google\nDisallow: /',
    );
    expect((await fetch(`${plain.url}/crossdomain.xml`)).status).toBe(404);
    expect((await fetch(`${plain.url}/`)).status).toBe(404);
    await plain.stop();
    const configured = await start({
      crossDomain: { enabled: true },
      rootResponse: { enabled: true, statusCode: 302, headers: { Location: 'https://example.com/' }, body: 'moved' },
    });
    const xml = await fetch(`${configured.url}/crossdomain.xml`);
    expect(xml.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await xml.text()).toBe('<?xml version="1.0"?>\n<cross-domain-policy>\n<allow-access-from domain="*" secure="true" />\n</cross-domain-policy>');
    const root = await fetch(`${configured.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('https://example.com/');
  });

  it('leaves the express application to other stages: a route mounted on app is served, tracking still works', async () => {
    const running = await start();
    running.collector.app.get('/ui/status', (_request, response) => {
      response.json({ ui: true });
    });
    running.collector.app.get('/micro/all', (_request, response) => {
      response.json({ total: 0 });
    });
    expect(await (await fetch(`${running.url}/ui/status`)).json()).toEqual({ ui: true });
    expect(await (await fetch(`${running.url}/micro/all`)).json()).toEqual({ total: 0 });
    expect(await recordFor(running, 'micro')).toBeUndefined();
    expect((await fetch(`${running.url}/i?aid=stillworks`)).status).toBe(200);
  });
});

describe('client address', () => {
  it('uses the socket address and ignores forwarding headers from untrusted peers (and does not record them)', async () => {
    const running = await start();
    await fetch(`${running.url}/i?aid=untrusted`, { headers: { 'X-Forwarded-For': '203.0.113.7', Forwarded: 'for=203.0.113.8' } });
    const record = await recordFor(running, 'aid=untrusted');
    expect(record!.ipAddress).toBe('127.0.0.1');
    expect((record!.headers as string[]).some((header) => /^(x-forwarded-for|forwarded):/i.test(header))).toBe(false);
  });

  it('believes X-Forwarded-For and Forwarded from trusted proxies, skipping trusted hops from the right', async () => {
    const running = await start({ trustedProxies: ['127.0.0.0/8', '10.0.0.0/8'] });
    await fetch(`${running.url}/i?aid=xff`, { headers: { 'X-Forwarded-For': '198.51.100.1, 203.0.113.7, 10.1.2.3' } });
    await fetch(`${running.url}/i?aid=fwd`, { headers: { Forwarded: 'for="[2001:db8::1]:4711", for=10.0.0.9' } });
    expect((await recordFor(running, 'aid=xff'))!.ipAddress).toBe('203.0.113.7');
    expect((await recordFor(running, 'aid=fwd'))!.ipAddress).toBe('2001:db8::1');
    expect(((await recordFor(running, 'aid=xff'))!.headers as string[]).some((header) => /^x-forwarded-for:/i.test(header))).toBe(true);
  });
});
