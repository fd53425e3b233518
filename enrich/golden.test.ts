// Golden vectors: a fixed set of raw records enriched with every enrichment on must give exactly the committed
// TSV lines (enrich/testing/golden/events.tsv), and together they fill every field Snowline can fill.
// After an intended change of output, regenerate with SNOWLINE_UPDATE_GOLDEN=1 and review the diff.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichConfigSchema } from './config.ts';
import { createEnricher } from './create-enricher.ts';
import { FIELD_NAMES } from './model/fields.ts';
import { fromTsv, toTsv } from './model/tsv.ts';
import { writeMmdb } from './testing/mmdb-writer.ts';
import { base64Url, getRecord, postRecord, TEST_REGISTRY_PATH } from './testing/payloads.ts';

const GOLDEN_PATH = new URL('./testing/golden/events.tsv', import.meta.url);
const NEVER_FILLED = ['tr_total_base', 'tr_tax_base', 'tr_shipping_base', 'ti_price_base', 'base_currency', 'etl_tags'];
const IP = '203.0.113.7';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-golden-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function goldenEnricher() {
  const database = (type: string, data: Record<string, unknown>) => writeMmdb({ databaseType: type, networks: [{ network: '203.0.113.0/24', data: data as never }] });
  const paths = { geo: join(directory, 'city.mmdb'), isp: join(directory, 'isp.mmdb'), domain: join(directory, 'domain.mmdb'), connection: join(directory, 'connection.mmdb') };
  await writeFile(paths.geo, database('GeoIP2-City', {
    country: { iso_code: 'GB' }, subdivisions: [{ iso_code: 'ENG', names: { en: 'England' } }], city: { names: { en: 'London' } },
    postal: { code: 'EC2V' }, location: { latitude: 51.5142, longitude: -0.0931, time_zone: 'Europe/London' },
  }));
  await writeFile(paths.isp, database('GeoIP2-ISP', { isp: 'Example Telecom', organization: 'Example Org' }));
  await writeFile(paths.domain, database('GeoIP2-Domain', { domain: 'example.net' }));
  await writeFile(paths.connection, database('GeoIP2-Connection-Type', { connection_type: 'Cable/DSL' }));
  return createEnricher(
    enrichConfigSchema.parse({
      iglu: { embeddedRegistryPaths: [TEST_REGISTRY_PATH] },
      enrichments: {
        ipLookups: { enabled: true, geoDatabasePath: paths.geo, ispDatabasePath: paths.isp, domainDatabasePath: paths.domain, connectionTypeDatabasePath: paths.connection },
        botDetection: { enabled: true }, crossNavigation: { enabled: true }, cookieExtractor: { enabled: true }, httpHeaderExtractor: { enabled: true, headersPattern: '^accept-language$' },
        anonIp: { enabled: true },
      },
    }),
    { clock: () => Date.UTC(2024, 4, 1, 10, 0, 1, 123) },
  );
}

const T = (ms: number) => String(Date.UTC(2024, 4, 1, 10, 0, 0, ms));
const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';
const headers = ['Cookie: sp=ecdff4d0-9175-40ac-a8bb-325c49733607', 'Accept-Language: en-GB'];

function records() {
  const common = { tv: 'js-4.10.1', tna: 'sp', aid: 'shop', p: 'web', uid: 'user-42', duid: '85094061-f702-4b62-a46d-20f7226b4741', vid: '3',
    sid: 'be9520e7-16a5-4d4e-afa1-8e269f99a1cf', lang: 'en-GB', cs: 'UTF-8', tz: 'Europe/London', res: '3440x1440', vp: '693x1302', ds: '678x8188',
    cd: '24', cookie: '1', dtm: T(100), stm: T(150) };
  const url = `https://shop.example:8443/p/1?utm_medium=cpc&utm_source=news&utm_term=boots&utm_content=blue&utm_campaign=spring&gclid=g-1&_sp=${encodeURIComponent('abc123.1714557000000')}#reviews`;
  const refr = 'https://www.google.co.uk/search?q=snow+boots#results';
  const co = JSON.stringify({ schema: CONTEXTS, data: [{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2' } }] });
  return [
    getRecord({ ...common, e: 'pv', eid: '2ec13853-ef9e-414a-8976-e64a4693b134', url, page: 'Boots', refr, fp: '2876815413', tid: '637309',
      f_pdf: '1', f_fla: '0', f_java: '1', f_dir: '0', f_qt: '0', f_realp: '0', f_wma: '0', f_gears: '0', f_ag: '1', ttm: T(90), co }, { headers }),
    postRecord([
      { ...common, e: 'se', se_ca: 'shop', se_ac: 'add-to-basket', se_la: 'boots', se_pr: 'units', se_va: '2', url },
      { ...common, e: 'pp', pp_mix: '0', pp_max: '20', pp_miy: '100', pp_may: '900', url },
      { ...common, e: 'tr', tr_id: 'o-1', tr_af: 'web', tr_tt: '99.90', tr_tx: '16.65', tr_sh: '4.95', tr_ci: 'London', tr_st: 'England', tr_co: 'GB', tr_cu: 'GBP' },
      { ...common, e: 'ti', ti_id: 'o-1', ti_sk: 'SKU-1', ti_nm: 'Boots', ti_ca: 'Shoes', ti_pr: '49.95', ti_qu: '2', ti_cu: 'GBP' },
      { ...common, e: 'ue', ue_px: base64Url(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-2', data: { productId: 'A1', price: 49.95 } } })) },
    ], { id: '1f4c3a0e-5f4e-4d7a-9f59-3f0b6d2a1c22', querystring: 'cv=clj-0.6.0-tom-0.0.4', headers, ipAddress: IP }),
  ];
}

describe('golden enriched events', () => {
  it('match the committed TSV lines byte for byte', async () => {
    const enricher = await goldenEnricher();
    const lines: string[] = [];
    for (const record of records()) {
      const { good, bad } = enricher.enrich(record);
      expect(bad).toEqual([]);
      for (const event of good) lines.push(toTsv(event));
    }
    const text = `${lines.join('\n')}\n`;
    if (process.env.SNOWLINE_UPDATE_GOLDEN === '1') await writeFile(GOLDEN_PATH, text);
    expect(text).toBe(await readFile(GOLDEN_PATH, 'utf8'));
  });

  it('fill every field except the six Snowline does not produce, and read back with fromTsv', async () => {
    const lines = (await readFile(GOLDEN_PATH, 'utf8')).replace(/\n$/, '').split('\n');
    const filled = new Set<string>();
    for (const line of lines) {
      const event = fromTsv(line) as unknown as Record<string, unknown>;
      expect(toTsv(event as never)).toBe(line);
      for (const name of FIELD_NAMES) if (event[name] !== null) filled.add(name);
    }
    expect(FIELD_NAMES.filter((name) => !filled.has(name))).toEqual(NEVER_FILLED);
  });
});
