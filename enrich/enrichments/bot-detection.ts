// Bot detection: the `isbot` user-agent pattern list, configured user-agent substrings and IP ranges, reported
// as the IAB `spiders_and_robots` entity on every event (reference: snowplow-modern.md §4.2 step 4).

import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { isbot } from 'isbot';
import type { Enrichment } from '../pipeline/enrichment.ts';
import type { SelfDescribing } from '../pipeline/self-describing.ts';
import type { EnrichmentsConfig } from './config.ts';
import { LruCache } from './lru-cache.ts';

export const SPIDERS_AND_ROBOTS_SCHEMA = 'iglu:com.iab.snowplow/spiders_and_robots/jsonschema/1-0-0';

type Reason = 'FAILED_IP_EXCLUDE' | 'FAILED_UA_EXCLUDE' | 'PASSED_ALL';

const ENTITIES: Readonly<Record<Reason, SelfDescribing>> = {
  FAILED_IP_EXCLUDE: Object.freeze({
    schema: SPIDERS_AND_ROBOTS_SCHEMA,
    data: Object.freeze({ spiderOrRobot: true, category: 'SPIDER_OR_ROBOT', reason: 'FAILED_IP_EXCLUDE', primaryImpact: 'UNKNOWN' }),
  }),
  FAILED_UA_EXCLUDE: Object.freeze({
    schema: SPIDERS_AND_ROBOTS_SCHEMA,
    data: Object.freeze({ spiderOrRobot: true, category: 'SPIDER_OR_ROBOT', reason: 'FAILED_UA_EXCLUDE', primaryImpact: 'UNKNOWN' }),
  }),
  PASSED_ALL: Object.freeze({
    schema: SPIDERS_AND_ROBOTS_SCHEMA,
    data: Object.freeze({ spiderOrRobot: false, category: 'BROWSER', reason: 'PASSED_ALL', primaryImpact: 'NONE' }),
  }),
};

export function buildIpRanges(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefixText] = range.split('/');
    const type = isIPv4(address ?? '') ? 'ipv4' : isIPv6(address ?? '') ? 'ipv6' : null;
    if (type === null) throw new Error(`botDetection.ipRanges: ${range} is not an IPv4 or IPv6 CIDR range`);
    const prefix = prefixText === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (type === 'ipv4' ? 32 : 128)) {
      throw new Error(`botDetection.ipRanges: ${range} has an invalid prefix length`);
    }
    list.addSubnet(address!, prefix, type);
  }
  return list;
}

export function botDetectionEnrichment(config: EnrichmentsConfig['botDetection']): Enrichment {
  const ipRanges = buildIpRanges(config.ipRanges);
  const hasIpRanges = config.ipRanges.length > 0;
  const verdicts = new LruCache<string, boolean>(10_000);
  function userAgentIsBot(userAgent: string): boolean {
    const cached = verdicts.get(userAgent);
    if (cached !== undefined) return cached;
    let bot = config.useIsbotList && isbot(userAgent);
    if (!bot && config.excludeUseragents.some((fragment) => userAgent.includes(fragment))) bot = true;
    if (bot && config.includeUseragents.some((fragment) => userAgent.includes(fragment))) bot = false;
    verdicts.set(userAgent, bot);
    return bot;
  }
  return {
    identifier: 'bot_detection',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow.enrichments/iab_spiders_and_robots_enrichment/jsonschema/1-0-1',
    apply(event, context) {
      let reason: Reason = 'PASSED_ALL';
      const ip = context.raw.payload.ipAddress;
      if (hasIpRanges && (isIPv4(ip) ? ipRanges.check(ip, 'ipv4') : isIPv6(ip) && ipRanges.check(ip, 'ipv6'))) {
        reason = 'FAILED_IP_EXCLUDE';
      } else if (event.useragent !== null && userAgentIsBot(event.useragent)) {
        reason = 'FAILED_UA_EXCLUDE';
      }
      context.derivedContexts.push(ENTITIES[reason]);
      return null;
    },
  };
}
