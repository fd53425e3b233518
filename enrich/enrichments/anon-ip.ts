// IP anonymisation (reference: snowplow-modern.md §4.2 step 24): the last N IPv4 octets or IPv6 segments
// become `x`. IPv6 addresses are written with all eight segments (`::` expanded) so the hidden part is explicit;
// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) are anonymised as IPv4.

import { isIPv4, isIPv6 } from 'node:net';
import type { Enrichment } from '../pipeline/enrichment.ts';
import type { EnrichmentsConfig } from './config.ts';

const HIDDEN_OCTETS = ['', 'x', 'x.x', 'x.x.x', 'x.x.x.x'];

/** A dotted-quad IPv4 address with its last `octets` octets (1 to 4) replaced by `x`. */
export function anonymiseIpv4(address: string, octets: number): string {
  if (octets >= 4) return HIDDEN_OCTETS[4]!;
  // Kept octets end at the (4 - octets)-th dot: one slice instead of a split and a join per event.
  let dot = -1;
  for (let kept = 0; kept < 4 - octets; kept++) dot = address.indexOf('.', dot + 1);
  return address.slice(0, dot + 1) + HIDDEN_OCTETS[octets]!;
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, null];
  const headParts = head === '' ? [] : head!.split(':');
  if (tail === null) return headParts;
  const tailParts = tail === '' ? [] : tail.split(':');
  return [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
}

export function anonymiseIpv6(address: string, segments: number): string {
  const parts = expandIpv6(address);
  for (let index = 8 - segments; index < 8; index++) parts[index] = 'x';
  return parts.join(':');
}

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

export function anonymiseIp(address: string, octets: number, segments: number): string {
  if (isIPv4(address)) return anonymiseIpv4(address, octets);
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped !== null) return `::ffff:${anonymiseIpv4(mapped[1]!, octets)}`;
  if (isIPv6(address)) return anonymiseIpv6(address, segments);
  return address;
}

export function anonIpEnrichment(config: EnrichmentsConfig['anonIp']): Enrichment {
  const segments = config.anonSegments ?? config.anonOctets;
  return {
    identifier: 'anon_ip',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow/anon_ip/jsonschema/1-0-1',
    apply(event) {
      if (event.user_ipaddress !== null) event.user_ipaddress = anonymiseIp(event.user_ipaddress, config.anonOctets, segments);
      return null;
    },
  };
}
