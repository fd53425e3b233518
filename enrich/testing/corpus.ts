// A deterministic, realistic raw-record corpus for benchmarks and load tests: about 20 % POST batches of up to
// ten events, thousands of distinct user agents, entities on about half of the events, about 2 % bad input
// (bad parameters, bad JSON, records that are not records).

import { RAW_RECORD_SCHEMA, encodeCollectorPayload, type CollectorPayload } from '../model/collector-payload.ts';

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** At least 1,000 distinct, realistic user agents. */
export function userAgents(): string[] {
  const agents: string[] = [];
  const platforms = ['Windows NT 10.0; Win64; x64', 'Macintosh; Intel Mac OS X 10_15_7', 'X11; Linux x86_64', 'Windows NT 6.1; Win64; x64'];
  for (let major = 70; major < 140; major++) {
    for (const platform of platforms) {
      agents.push(`Mozilla/5.0 (${platform}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.${4000 + major}.${major % 90} Safari/537.36`);
      agents.push(`Mozilla/5.0 (${platform}; rv:${major}.0) Gecko/20100101 Firefox/${major}.0`);
    }
    for (const device of ['SM-G991B', 'Pixel 7', 'SM-A515F', 'moto g(60)']) {
      agents.push(`Mozilla/5.0 (Linux; Android 13; ${device}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Mobile Safari/537.36`);
    }
  }
  for (let ios = 12; ios < 18; ios++) {
    for (let minor = 0; minor < 8; minor++) {
      agents.push(`Mozilla/5.0 (iPhone; CPU iPhone OS ${ios}_${minor} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${ios}.${minor} Mobile/15E148 Safari/604.1`);
      agents.push(`Mozilla/5.0 (iPad; CPU OS ${ios}_${minor} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${ios}.${minor} Mobile/15E148 Safari/604.1`);
    }
  }
  agents.push('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'curl/8.4.0');
  return agents;
}

const REFERRERS = ['https://www.google.com/search?q=snow+boots', 'https://www.bing.com/search?q=boots', 'https://t.co/abc', 'https://shop.example/', '', 'https://news.example.org/a'];
const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';

export interface CorpusStats {
  records: number;
  events: number;
  postRecords: number;
  badRecords: number;
}

/** Writes `count` raw records as NDJSON lines through `write`; returns what was generated. */
export function generateCorpus(count: number, seed: number, write: (line: string) => void): CorpusStats {
  const random = mulberry32(seed);
  const agents = userAgents();
  const stats: CorpusStats = { records: 0, events: 0, postRecords: 0, badRecords: 0 };
  const baseMs = Date.UTC(2026, 10, 1);
  const event = (index: number, post: boolean): Record<string, string> => {
    const url = `https://shop.example/p/${Math.floor(random() * 500)}?utm_source=${random() < 0.3 ? 'news' : 'ads'}&utm_medium=email`;
    const parameters: Record<string, string> = {
      e: random() < 0.7 ? 'pv' : 'se', p: 'web', tv: 'js-4.10.1', tna: 'sp', aid: 'shop',
      eid: uuidFrom(random), url, page: 'Product page', refr: REFERRERS[index % REFERRERS.length]!,
      dtm: String(baseMs + index * 1000), stm: String(baseMs + index * 1000 + 40), duid: uuidFrom(random), sid: uuidFrom(random),
      vid: String(1 + Math.floor(random() * 20)), res: '1920x1080', vp: '1280x720', cookie: '1', lang: 'en-GB', cs: 'UTF-8', tz: 'Europe/London',
      se_ca: 'shop', se_ac: 'add-to-basket', se_va: '9.99',
    };
    if (random() < 0.5) {
      parameters.co = JSON.stringify({ schema: CONTEXTS, data: [{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: uuidFrom(random) } }] });
    }
    if (!post) delete parameters.stm;
    return parameters;
  };
  for (let index = 0; index < count; index++) {
    stats.records++;
    const roll = random();
    if (roll < 0.005) {
      stats.badRecords++;
      write('{"schema":"iglu:io.snowline/raw_record/jsonschema/1-0-0","id":"truncated');
      continue;
    }
    const post = random() < 0.2;
    const base: CollectorPayload = {
      schema: RAW_RECORD_SCHEMA, id: uuidFrom(random), ipAddress: `203.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
      timestamp: baseMs + index * 1000 + 100, encoding: 'UTF-8', collector: 'snowline-0.1.0', userAgent: agents[Math.floor(random() * agents.length)]!,
      refererUri: null, path: '/i', querystring: '', body: null, headers: [], contentType: null, hostname: 'c.example', networkUserId: uuidFrom(random),
    };
    if (post) {
      stats.postRecords++;
      const events = Array.from({ length: 1 + Math.floor(random() * 10) }, () => event(index, true));
      if (roll < 0.02) events[0]!.vid = 'many';
      stats.events += events.length;
      write(encodeCollectorPayload({ ...base, path: '/com.snowplowanalytics.snowplow/tp2', contentType: 'application/json; charset=utf-8', body: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: events }) }));
    } else {
      const parameters = event(index, false);
      if (roll < 0.02) parameters.dtm = 'yesterday';
      stats.events++;
      write(encodeCollectorPayload({ ...base, querystring: new URLSearchParams(parameters).toString() }));
    }
  }
  return stats;
}
