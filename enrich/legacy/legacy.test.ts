import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichConfigSchema } from '../config.ts';
import { createEnricher } from '../create-enricher.ts';
import { fromTsv } from '../model/tsv.ts';
import { enrichRawFile } from '../output/enrich-raw-file.ts';
import { rawRecord } from '../testing/payloads.ts';

const enricherPromise = createEnricher(enrichConfigSchema.parse({}));
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'snowline-legacy-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('2013 tracker parameters', () => {
  it('reads the Arduino tracker request: ev_* names, tid with .0, p=iot', async () => {
    const enricher = await enricherPromise;
    const querystring = 'tid=1804289383.0&p=iot&mac=90%3aA2%3aDA%3a00%3aF8%3aA0&uid=my-arduino&aid=arduino-ping-examples&tv=arduino-0.1.0&e=se&ev_ca=example&ev_ac=basic%20ping&ev_la=l&ev_pr=p&ev_va=2.5';
    const { good, bad } = enricher.enrich(rawRecord({ querystring }));
    expect(bad).toEqual([]);
    expect(good[0]).toMatchObject({ txn_id: 1804289383, platform: 'iot', user_id: 'my-arduino', event: 'struct', se_category: 'example', se_action: 'basic ping', se_label: 'l', se_property: 'p', se_value: '2.5' });
  });

  it('maps e=ev and ti_na, and reads a Lua dtm sent in seconds as seconds', async () => {
    const enricher = await enricherPromise;
    const struct = enricher.enrich(rawRecord({ querystring: 'e=ev&ev_ca=c&ev_ac=a&p=pc&tv=lua-0.1.0-1&dtm=1369330909' })).good[0]!;
    expect(struct.event).toBe('struct');
    expect(struct.dvce_created_tstamp).toBe(1369330909000);
    const millis = enricher.enrich(rawRecord({ querystring: 'e=pv&p=web&dtm=1369330909000' })).good[0]!;
    expect(millis.dvce_created_tstamp).toBe(1369330909000);
    const item = enricher.enrich(rawRecord({ querystring: 'e=ti&p=web&ti_id=o1&ti_sk=sku&ti_na=Howlite&ti_pr=4.99&ti_qu=2' })).good[0]!;
    expect(item).toMatchObject({ event: 'transaction_item', ti_orderid: 'o1', ti_sku: 'sku', ti_name: 'Howlite', ti_price: '4.99', ti_quantity: 2 });
  });

  it('turns the Lua tracker e=sv screen view into the screen_view self-describing event', async () => {
    const enricher = await enricherPromise;
    const { good, bad } = enricher.enrich(rawRecord({ querystring: 'e=sv&sv_na=Main%20Menu&sv_id=mainMenu&p=tv&tv=lua-0.1.0-1' }));
    expect(bad).toEqual([]);
    expect(good[0]).toMatchObject({ event: 'unstruct', event_vendor: 'com.snowplowanalytics.mobile', event_name: 'screen_view' });
    expect(JSON.parse(good[0]!.unstruct_event!).data).toEqual({
      schema: 'iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0',
      data: { name: 'Main Menu', id: 'mainMenu' },
    });
    const nameless = enricher.enrich(rawRecord({ querystring: 'e=sv&sv_id=x&p=tv' }));
    expect(JSON.stringify(nameless.bad[0]!.data.failure)).toContain('"targets":["name"]');
  });
});

const CLOUDFRONT_FIELDS =
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id';

describe('CloudFront access logs', () => {
  it('reads a gzipped log by its #Fields header, undoing the double %-encoding, and skips non-tracker paths', async () => {
    const url = encodeURIComponent('http://www.psychicbazaar.com/crystals/335-howlite-tumble-stone.html?view=print#detail');
    const doubleEncoded = (text: string) => text.replace(/%/g, '%25');
    const lines = [
      '#Version: 1.0',
      CLOUDFRONT_FIELDS,
      ['2013-10-22', '00:54:39', 'LHR5', '480', '255.255.255.255', 'GET', 'd3v6ndkyapxc2w.cloudfront.net', '/i', '200',
        doubleEncoded('http://www.psychicbazaar.com/crystals/'), doubleEncoded('Mozilla/5.0%20(Windows%20NT%206.1)'),
        doubleEncoded(`e=pv&page=Psychic%20Bazaar%09Shop&tid=637309&p=web&tv=js-0.11.1&url=${url}`), '-', 'Hit', 'abc=='].join('\t'),
      ['2013-10-22', '00:54:40', 'LHR5', '480', '255.255.255.255', 'GET', 'd3v6ndkyapxc2w.cloudfront.net', '/favicon.ico', '404', '-', '-', '-', '-', 'Error', 'x'].join('\t'),
      'garbage line',
    ];
    const input = join(directory, 'E123.2013-10-22-00.abcd.gz');
    await writeFile(input, gzipSync(lines.join('\n')));
    const output = { goodPath: join(directory, 'cf-good.tsv'), badPath: join(directory, 'cf-bad.ndjson') };
    const counts = await enrichRawFile(input, output, await enricherPromise);
    expect(counts).toEqual({ records: 2, good: 1, bad: 1, dropped: 0, skipped: 3 });
    const event = fromTsv((await readFile(output.goodPath, 'utf8')).replace(/\n$/, ''));
    expect(event).toMatchObject({
      collector_tstamp: Date.UTC(2013, 9, 22, 0, 54, 39),
      v_collector: 'cloudfront',
      page_title: 'Psychic Bazaar    Shop',
      page_urlhost: 'www.psychicbazaar.com',
      page_urlpath: '/crystals/335-howlite-tumble-stone.html',
      page_urlquery: 'view=print',
      page_urlfragment: 'detail',
      useragent: 'Mozilla/5.0 (Windows NT 6.1)',
      user_ipaddress: '255.255.255.255',
    });
    const bad = JSON.parse((await readFile(output.badPath, 'utf8')).trim());
    expect(bad.data.failure.message.error).toBe('Line does not match CloudFront header or data row formats');
    expect(bad.data.payload).toBe('garbage line');
  });
});

describe('Clojure-collector Tomcat access logs', () => {
  it('reads the valve line with the appended cv and nuid, giving v_collector and network_userid', async () => {
    const line = [
      '2013-10-07', '19:47:54', '-', '37', '255.255.255.255', 'GET', '255.255.255.255', '/i', '200',
      'http://snowplowanalytics.com/blog/2013/10/07/', 'Mozilla%2F5.0+%28Macintosh%3B+Intel+Mac+OS+X+10_8_5%29',
      'e=pv&page=Blog&url=http%3A%2F%2Fsnowplowanalytics.com%2Fblog%2F&p=web&tv=js-0.12.0&cv=clj-0.5.0-tom-0.0.4&nuid=8712a379-4bcb-46ee-815d-85f26540577f',
      '-', '-', '-',
    ].join('\t');
    const input = join(directory, 'localhost_access_log.txt-1381176000');
    await writeFile(input, `${line}\n`);
    const output = { goodPath: join(directory, 'clj-good.tsv'), badPath: join(directory, 'clj-bad.ndjson') };
    const counts = await enrichRawFile(input, output, await enricherPromise);
    expect(counts).toMatchObject({ records: 1, good: 1, bad: 0 });
    const event = fromTsv((await readFile(output.goodPath, 'utf8')).replace(/\n$/, ''));
    expect(event).toMatchObject({
      v_collector: 'clj-0.5.0-tom-0.0.4',
      network_userid: '8712a379-4bcb-46ee-815d-85f26540577f',
      useragent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5)',
      page_url: 'http://snowplowanalytics.com/blog/',
    });
    const again = { goodPath: join(directory, 'clj-good-2.tsv'), badPath: join(directory, 'clj-bad-2.ndjson') };
    await enrichRawFile(input, again, await enricherPromise);
    expect(fromTsv((await readFile(again.goodPath, 'utf8')).replace(/\n$/, '')).event_id).toBe(event.event_id);
  });
});
