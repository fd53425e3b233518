import type { BlockList } from 'node:net';
import type { CollectorConfig } from '../config.ts';
import { buildTrustedProxies } from './client-address.ts';

/** The collector config turned, once at start-up, into what the per-request code needs. Frozen. */
export interface CollectorSettings {
  readonly config: CollectorConfig;
  readonly collectorName: string;
  readonly hostId: string;
  readonly aliases: ReadonlyMap<string, string>;
  readonly trustedProxies: BlockList;
  readonly doNotTrackValue: RegExp | null;
  readonly redirectHosts: ReadonlySet<string>;
}

export function buildCollectorSettings(config: CollectorConfig, collectorName: string, hostId: string): CollectorSettings {
  let doNotTrackValue: RegExp | null = null;
  if (config.doNotTrackCookie.enabled) {
    if (config.doNotTrackCookie.name.length === 0) throw new Error('collector.doNotTrackCookie.name must be set when the do-not-track cookie is enabled');
    try {
      doNotTrackValue = new RegExp(`^(?:${config.doNotTrackCookie.valuePattern})$`);
    } catch (error) {
      throw new Error(`collector.doNotTrackCookie.valuePattern is not a regular expression: ${(error as Error).message}`);
    }
  }
  return Object.freeze({
    config,
    collectorName,
    hostId,
    aliases: new Map(Object.entries(config.paths)),
    trustedProxies: buildTrustedProxies(config.trustedProxies),
    doNotTrackValue,
    redirectHosts: new Set(config.redirect.allowedHosts.map((host) => host.toLowerCase())),
  });
}
