import { describe, expect, it } from 'vitest';
import { classifyTrackingRequest, queryParameter, splitRequestTarget } from './tracking-route.ts';

describe('queryParameter', () => {
  it('finds a parameter only at a pair boundary and decodes it like a form', () => {
    expect(queryParameter('url=https%3A%2F%2Fx&u=a+b%20c', 'u')).toBe('a b c');
    expect(queryParameter('nuid=1&xnuid=2', 'nuid')).toBe('1');
    expect(queryParameter('xnuid=2&nuid=3', 'nuid')).toBe('3');
    expect(queryParameter('e=pv&n3pc', 'n3pc')).toBe('');
    expect(queryParameter('n3pc&e=pv', 'n3pc')).toBe('');
    expect(queryParameter('nuidx=1', 'nuid')).toBeNull();
    expect(queryParameter('', 'nuid')).toBeNull();
    expect(queryParameter('nuid=%ZZ', 'nuid')).toBeNull();
    expect(queryParameter('a=1&nuid=first&nuid=second', 'nuid')).toBe('first');
  });
});

describe('classifyTrackingRequest', () => {
  const aliases = new Map([['/com.acme/t', '/com.snowplowanalytics.snowplow/tp2']]);
  it('routes the Snowplow collector paths and leaves everything else to the application', () => {
    expect(classifyTrackingRequest('GET', '/i', aliases)).toEqual({ kind: 'pixel', path: '/i' });
    expect(classifyTrackingRequest('HEAD', '/ice.png', aliases)).toEqual({ kind: 'pixel', path: '/ice.png' });
    expect(classifyTrackingRequest('POST', '/com.acme/t', aliases)).toEqual({ kind: 'post', path: '/com.snowplowanalytics.snowplow/tp2' });
    expect(classifyTrackingRequest('GET', '/r/tp2', aliases)).toEqual({ kind: 'redirect', path: '/r/tp2' });
    expect(classifyTrackingRequest('OPTIONS', '/anything', aliases)).toEqual({ kind: 'preflight' });
    expect(classifyTrackingRequest('POST', '/i', aliases)).toBeNull();
    expect(classifyTrackingRequest('PUT', '/com.acme/v1', aliases)).toBeNull();
    expect(classifyTrackingRequest('GET', '/a/b/c', aliases)).toBeNull();
    expect(classifyTrackingRequest('GET', '/health', aliases)).toBeNull();
  });

  it('splits a request target into path and raw query string', () => {
    expect(splitRequestTarget('/i?e=pv&x=%20')).toEqual({ path: '/i', querystring: 'e=pv&x=%20' });
    expect(splitRequestTarget('/i')).toEqual({ path: '/i', querystring: '' });
  });
});
