import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichConfigSchema } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { writeMmdb } from '../testing/mmdb-writer.ts';
import { CHROME_UA, getRecord, rawRecord } from '../testing/payloads.ts';
import { anonymiseIp } from './anon-ip.ts';
import { loadRefererDatabase } from './referer-database.ts';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-enrichments-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function entities(text: string | null): { schema: string; data: Record<string, unknown> }[] {
  return text === null ? [] : (JSON.parse(text) as { data: { schema: string; data: Record<string, unknown> }[] }).data;
}

describe('user agent parsing', () => {
  it('fills br_*, os_*, dvce_* and adds a valid ua_parser_context entity', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    const { good, bad } = enricher.enrich(getRecord({ e: 'pv', p: 'web' }, { userAgent: iphone }));
    expect(bad).toEqual([]);
    expect(good[0]).toMatchObject({
      br_name: 'Mobile Safari 17',
      br_family: 'Mobile Safari',
      br_version: '17.4',
      br_type: 'Browser (mobile)',
      br_renderengine: 'WebKit',
      os_name: 'iOS 17.4',
      os_family: 'iOS',
      os_manufacturer: 'Apple Inc.',
      dvce_type: 'Mobile',
      dvce_ismobile: true,
    });
    expect(entities(good[0]!.derived_contexts)).toContainEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/ua_parser_context/jsonschema/1-0-0',
      data: {
        useragentFamily: 'Mobile Safari', useragentMajor: '17', useragentMinor: '4', useragentPatch: null, useragentVersion: 'Mobile Safari 17.4',
        osFamily: 'iOS', osMajor: '17', osMinor: '4', osPatch: null, osPatchMinor: null, osVersion: 'iOS 17.4', deviceFamily: 'iPhone',
      },
    });
  });

  it('uses the ua parameter over the User-Agent header', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const { good } = enricher.enrich(getRecord({ e: 'pv', p: 'web', ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0' }));
    expect(good[0]).toMatchObject({ br_family: 'Firefox', os_family: 'Linux', dvce_type: 'Computer', dvce_ismobile: false });
  });
});

describe('referrer classification', () => {
  it('recognises a search engine and its term, a social network, webmail, internal and unknown referrers', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ enrichments: { refererParser: { internalDomains: ['blog.shop.example'] } } }));
    const classify = (refr: string) => {
      const event = enricher.enrich(getRecord({ e: 'pv', p: 'web', url: 'https://shop.example/a', refr })).good[0]!;
      return [event.refr_medium, event.refr_source, event.refr_term];
    };
    expect(classify('https://www.google.co.uk/search?q=snow+boots&hl=en')).toEqual(['search', 'Google', 'snow boots']);
    expect(classify('https://duckduckgo.com/?q=caf%C3%A9')).toEqual(['search', 'DuckDuckGo', 'café']);
    expect(classify('https://m.facebook.com/story.php')).toEqual(['social', 'Facebook', null]);
    expect(classify('https://mail.google.com/mail/u/0/')).toEqual(['email', 'Gmail', null]);
    expect(classify('https://shop.example/basket')).toEqual(['internal', null, null]);
    expect(classify('https://blog.shop.example/post')).toEqual(['internal', null, null]);
    expect(classify('https://random.example.org/')).toEqual(['unknown', null, null]);
  });

  it('ships at least a hundred sources and loads a user database in YAML', async () => {
    const { shippedRefererDatabasePath } = await import('./build-enrichments.ts');
    expect((await loadRefererDatabase(shippedRefererDatabasePath())).size).toBeGreaterThanOrEqual(100);
    const yamlPath = join(directory, 'referers.yml');
    await writeFile(yamlPath, 'search:\n  Acme Search:\n    parameters:\n      - find\n    domains:\n      - search.acme.test\n');
    const enricher = await createEnricher(enrichConfigSchema.parse({ enrichments: { refererParser: { databasePath: yamlPath } } }));
    const event = enricher.enrich(getRecord({ e: 'pv', p: 'web', url: 'https://a.example/', refr: 'http://search.acme.test/?find=rockets' })).good[0]!;
    expect([event.refr_medium, event.refr_source, event.refr_term]).toEqual(['search', 'Acme Search', 'rockets']);
  });
});

describe('campaign attribution and cross-navigation', () => {
  it('fills mkt_* from utm parameters and the click id with its network', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ enrichments: { campaignAttribution: { mktSource: ['src', 'utm_source'], clickIds: { ttclid: 'TikTok' } } } }));
    const url = 'https://shop.example/?utm_medium=cpc&utm_source=news%20letter&utm_term=boots&utm_content=blue&utm_campaign=spring&ttclid=abc';
    const event = enricher.enrich(getRecord({ e: 'pv', p: 'web', url })).good[0]!;
    expect(event).toMatchObject({ mkt_medium: 'cpc', mkt_source: 'news letter', mkt_term: 'boots', mkt_content: 'blue', mkt_campaign: 'spring', mkt_clickid: 'abc', mkt_network: 'TikTok' });
    const google = enricher.enrich(getRecord({ e: 'pv', p: 'web', url: 'https://shop.example/?src=ads&gclid=g1' })).good[0]!;
    expect(google).toMatchObject({ mkt_source: 'ads', mkt_clickid: 'g1', mkt_network: 'Google' });
  });

  it('reads _sp into refr_domain_userid and refr_dvce_tstamp, and adds the entity when enabled', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ enrichments: { crossNavigation: { enabled: true } } }));
    const sp = `abc123.1714557600000.be9520e7-16a5-4d4e-afa1-8e269f99a1cf.${Buffer.from('user-1').toString('base64url')}..web.`;
    const event = enricher.enrich(getRecord({ e: 'pv', p: 'web', url: `https://b.example/?_sp=${encodeURIComponent(sp)}` })).good[0]!;
    expect(event.refr_domain_userid).toBe('abc123');
    expect(event.refr_dvce_tstamp).toBe(1714557600000);
    expect(entities(event.derived_contexts)).toContainEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/cross_navigation/jsonschema/1-0-0',
      data: { domain_user_id: 'abc123', timestamp: '2024-05-01T10:00:00.000Z', session_id: 'be9520e7-16a5-4d4e-afa1-8e269f99a1cf', user_id: 'user-1', source_id: null, source_platform: 'web', reason: null },
    });
    const broken = enricher.enrich(getRecord({ e: 'pv', p: 'web', url: 'https://b.example/?_sp=abc.yesterday' }));
    expect(broken.bad[0]!.data.failure).toMatchObject({ messages: [{ enrichment: { identifier: 'cross_navigation' }, message: { field: '_sp', value: 'abc.yesterday' } }] });
  });
});

describe('fingerprint, cookies and headers', () => {
  it('hashes the raw parameters without the excluded ones, so a resent event has the same fingerprint', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ enrichments: { eventFingerprint: { hashAlgorithm: 'SHA256' } } }));
    const first = enricher.enrich(getRecord({ e: 'pv', p: 'web', stm: '1714557600000', url: 'https://a.example/' })).good[0]!;
    const resent = enricher.enrich(getRecord({ url: 'https://a.example/', e: 'pv', stm: '1714557609999', p: 'web' })).good[0]!;
    const other = enricher.enrich(getRecord({ e: 'pv', p: 'web', url: 'https://a.example/other' })).good[0]!;
    expect(first.event_fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(resent.event_fingerprint).toBe(first.event_fingerprint);
    expect(other.event_fingerprint).not.toBe(first.event_fingerprint);
  });

  it('hashes each kept parameter as name, U+001F, value, U+001F, in name order', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({}));
    const event = enricher.enrich(getRecord({ url: 'https://a.example/é', e: 'pv', stm: '1714557600000', p: 'web', aid: 'shop' })).good[0]!;
    const text = 'aid\u001Fshop\u001Fe\u001Fpv\u001Fp\u001Fweb\u001Furl\u001Fhttps://a.example/é\u001F';
    expect(event.event_fingerprint).toBe(createHash('md5').update(text, 'utf8').digest('hex'));
  });

  it('does not reuse the previous event\'s name order for different names of the same count', async () => {
    const config = enrichConfigSchema.parse({});
    const enricher = await createEnricher(config);
    enricher.enrich(getRecord({ e: 'pv', p: 'web', url: 'https://a.example/' }));
    const second = enricher.enrich(getRecord({ e: 'pv', p: 'web', aid: 'shop' })).good[0]!;
    const fresh = (await createEnricher(config)).enrich(getRecord({ e: 'pv', p: 'web', aid: 'shop' })).good[0]!;
    expect(second.event_fingerprint).toBe(fresh.event_fingerprint);
  });

  it('extracts configured cookies and matching headers as entities', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ enrichments: { cookieExtractor: { enabled: true, cookies: ['sp', 'consent'] }, httpHeaderExtractor: { enabled: true, headersPattern: '^x-forwarded-for$' } } }));
    const headers = ['Cookie: sp=ecdff4d0; other=1; consent=yes', 'X-Forwarded-For: 198.51.100.9', 'Accept: */*'];
    const event = enricher.enrich(getRecord({ e: 'pv', p: 'web' }, { headers })).good[0]!;
    const derived = entities(event.derived_contexts).filter((entity) => entity.schema.startsWith('iglu:org.ietf/'));
    expect(derived).toEqual([
      { schema: 'iglu:org.ietf/http_cookie/jsonschema/1-0-0', data: { name: 'sp', value: 'ecdff4d0' } },
      { schema: 'iglu:org.ietf/http_cookie/jsonschema/1-0-0', data: { name: 'consent', value: 'yes' } },
      { schema: 'iglu:org.ietf/http_header/jsonschema/1-0-0', data: { name: 'X-Forwarded-For', value: '198.51.100.9' } },
    ]);
  });
});

describe('IP lookups and anonymisation', () => {
  it('fills geo_* and ISP fields from MaxMind databases, then anonymises the address', async () => {
    const geoPath = join(directory, 'city.mmdb');
    const ispPath = join(directory, 'isp.mmdb');
    await writeFile(geoPath, writeMmdb({ databaseType: 'GeoIP2-City', networks: [{ network: '203.0.113.0/24', data: {
      country: { iso_code: 'GB' }, subdivisions: [{ iso_code: 'ENG', names: { en: 'England' } }], city: { names: { en: 'London' } },
      postal: { code: 'EC2V' }, location: { latitude: 51.5142, longitude: -0.0931, time_zone: 'Europe/London' } } }] }));
    await writeFile(ispPath, writeMmdb({ databaseType: 'GeoIP2-ISP', networks: [{ network: '203.0.113.0/24', data: { isp: 'Example Telecom', organization: 'Example Org' } }] }));
    const config = enrichConfigSchema.parse({ enrichments: { ipLookups: { enabled: true, geoDatabasePath: geoPath, ispDatabasePath: ispPath }, anonIp: { enabled: true, anonOctets: 2 } } });
    const enricher = await createEnricher(config);
    const event = enricher.enrich(getRecord({ e: 'pv', p: 'web' })).good[0]!;
    expect(event).toMatchObject({
      geo_country: 'GB', geo_region: 'ENG', geo_region_name: 'England', geo_city: 'London', geo_zipcode: 'EC2V',
      geo_latitude: 51.5142, geo_longitude: -0.0931, geo_timezone: 'Europe/London', ip_isp: 'Example Telecom', ip_organization: 'Example Org',
      user_ipaddress: '203.0.x.x',
    });
    const unknown = enricher.enrich(getRecord({ e: 'pv', p: 'web' }, { ipAddress: '198.51.100.1' })).good[0]!;
    expect(unknown.geo_country).toBeNull();
  });

  it('anonymises IPv4 octets, IPv6 segments and IPv4-mapped addresses', () => {
    expect(anonymiseIp('92.231.54.17', 1, 1)).toBe('92.231.54.x');
    expect(anonymiseIp('92.231.54.17', 3, 1)).toBe('92.x.x.x');
    expect(anonymiseIp('92.231.54.17', 4, 1)).toBe('x.x.x.x');
    expect(anonymiseIp('2001:db8::ff00:42:8329', 1, 3)).toBe('2001:db8:0:0:0:x:x:x');
    expect(anonymiseIp('::ffff:10.1.2.3', 2, 2)).toBe('::ffff:10.1.x.x');
    expect(anonymiseIp('unknown', 2, 2)).toBe('unknown');
  });
});

describe('bot detection', () => {
  it('classifies crawlers by user agent and by IP range, and browsers as passing', async () => {
    const enricher = await createEnricher(enrichConfigSchema.parse({ enrichments: { botDetection: { enabled: true, ipRanges: ['198.51.100.0/24'] } } }));
    const verdict = (overrides: Parameters<typeof rawRecord>[0]) => {
      const event = enricher.enrich(getRecord({ e: 'pv', p: 'web' }, overrides)).good[0]!;
      return entities(event.derived_contexts).find((entity) => entity.schema.startsWith('iglu:com.iab.snowplow/'))!.data;
    };
    expect(verdict({ userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })).toMatchObject({ spiderOrRobot: true, reason: 'FAILED_UA_EXCLUDE' });
    expect(verdict({ ipAddress: '198.51.100.20' })).toMatchObject({ spiderOrRobot: true, reason: 'FAILED_IP_EXCLUDE' });
    expect(verdict({ userAgent: CHROME_UA })).toMatchObject({ spiderOrRobot: false, category: 'BROWSER', reason: 'PASSED_ALL' });
  });
});
