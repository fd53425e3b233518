import { describe, expect, it } from 'vitest';
import { clickLinkTag, clickRedirectUrl, pageViewPixelUrl, PixelTooLargeError, pixelImgTag, structEventPixelUrl } from './index.ts';

const collector = { collectorUrl: 'https://c.example.com/', appId: 'mail', namespace: 'news' };

describe('the pixel tracker', () => {
  it('builds a page-view pixel with every value URI-encoded and no event id or timestamp', () => {
    const url = new URL(pageViewPixelUrl(collector, { url: 'https://example.com/a?b=1&c=2#d', title: 'Ünïcode & "quotes"', referrer: 'https://mail.example/' }));
    expect(url.origin + url.pathname).toBe('https://c.example.com/i');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      e: 'pv',
      url: 'https://example.com/a?b=1&c=2#d',
      page: 'Ünïcode & "quotes"',
      refr: 'https://mail.example/',
      tv: 'no-js-snowline-0.1.0',
      tna: 'news',
      aid: 'mail',
      p: 'web',
    });
    expect(url.search).toContain('page=%C3%9Cn%C3%AFcode%20%26%20%22quotes%22');
  });

  it('builds a structured-event pixel with the user id and base64url entities', () => {
    const url = new URL(
      structEventPixelUrl(collector, { category: 'email', action: 'open', label: 'spring', value: 1, userId: 'u-1', entities: [{ schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { id: 'é' } }] }),
    );
    expect(url.searchParams.get('se_ca')).toBe('email');
    expect(url.searchParams.get('se_va')).toBe('1');
    expect(url.searchParams.get('uid')).toBe('u-1');
    expect(JSON.parse(Buffer.from(url.searchParams.get('cx')!, 'base64url').toString()).data[0].data.id).toBe('é');
  });

  it('keeps a collector path prefix', () => {
    expect(pageViewPixelUrl({ collectorUrl: 'https://example.com/collect/' })).toMatch(/^https:\/\/example\.com\/collect\/i\?e=pv&/);
  });

  it('builds /r/tp2 click links, plain or carrying a structured event', () => {
    const plain = new URL(clickRedirectUrl(collector, 'https://shop.example/offer?x=1&y=2'));
    expect(plain.pathname).toBe('/r/tp2');
    expect(plain.searchParams.get('u')).toBe('https://shop.example/offer?x=1&y=2');
    expect(plain.searchParams.get('e')).toBeNull();
    const withEvent = new URL(clickRedirectUrl(collector, 'https://shop.example/', { category: 'email', action: 'click' }));
    expect(withEvent.searchParams.get('e')).toBe('se');
    expect(() => clickRedirectUrl(collector, 'javascript:alert(1)')).toThrow(/http or https/);
  });

  it('refuses a pixel longer than the collector accepts, naming both sizes', () => {
    expect(() => pageViewPixelUrl({ ...collector, maxUrlBytes: 200 }, { title: 'x'.repeat(300) })).toThrow(PixelTooLargeError);
    expect(() => pageViewPixelUrl(collector, { title: '€'.repeat(7000) })).toThrow(/\d+ bytes, over the limit of 20480/);
    expect(() => pageViewPixelUrl(collector, { title: '€'.repeat(2000) })).not.toThrow();
  });

  it('escapes the URL for an HTML attribute in <img> and <a> tags', () => {
    const url = structEventPixelUrl(collector, { category: 'a', action: 'b' });
    const tag = pixelImgTag(url);
    expect(tag).toMatch(/^<img src="https:\/\/c\.example\.com\/i\?e=se&amp;se_ca=a&amp;se_ac=b&amp;[^"]*" width="1" height="1" alt="" /);
    expect(clickLinkTag('https://c/r/tp2?u=x&e=se', '<b>Buy</b>')).toBe('<a href="https://c/r/tp2?u=x&amp;e=se">&lt;b&gt;Buy&lt;/b&gt;</a>');
  });
});
