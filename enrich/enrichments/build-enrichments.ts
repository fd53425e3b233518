// The configured enrichments, built once from the config, in Enrich's execution order
// (reference: snowplow-modern.md §4.2): bot detection, user agent, referrer, campaign, cross-navigation,
// fingerprint, cookie and header extractors, IP lookups, JavaScript, IP anonymisation, PII.

import { enrichAssetPath } from '../assets.ts';
import type { EnrichConfig } from '../config.ts';
import type { Enrichment } from '../pipeline/enrichment.ts';
import { anonIpEnrichment } from './anon-ip.ts';
import { botDetectionEnrichment } from './bot-detection.ts';
import { campaignAttributionEnrichment } from './campaign-attribution.ts';
import { crossNavigationEnrichment } from './cross-navigation.ts';
import { eventFingerprintEnrichment } from './event-fingerprint.ts';
import { cookieExtractorEnrichment, httpHeaderExtractorEnrichment } from './header-extractors.ts';
import { ipLookupsEnrichment } from './ip-lookups.ts';
import { javascriptEnrichment } from './javascript.ts';
import { piiPseudonymizationEnrichment } from './pii-pseudonymization.ts';
import { loadRefererDatabase, type RefererDatabase } from './referer-database.ts';
import { refererParserEnrichment } from './referer-parser.ts';
import { uaParserEnrichment } from './ua-parser.ts';

/** Things an embedding program may hand in instead of paths in the config (tests, benchmarks). */
export interface EnrichmentResources {
  readonly refererDatabase?: RefererDatabase;
}

export function shippedRefererDatabasePath(): string {
  return enrichAssetPath('enrichments/data/referers.json');
}

export async function buildEnrichments(config: EnrichConfig, resources: EnrichmentResources): Promise<Enrichment[]> {
  const settings = config.enrichments;
  const list: Enrichment[] = [];
  if (settings.botDetection.enabled) list.push(botDetectionEnrichment(settings.botDetection));
  if (settings.uaParser.enabled) list.push(uaParserEnrichment(settings.uaParser));
  if (settings.refererParser.enabled) {
    const database =
      resources.refererDatabase ?? (await loadRefererDatabase(settings.refererParser.databasePath ?? shippedRefererDatabasePath()));
    list.push(refererParserEnrichment(settings.refererParser, database));
  }
  if (settings.campaignAttribution.enabled) list.push(campaignAttributionEnrichment(settings.campaignAttribution));
  list.push(crossNavigationEnrichment(settings.crossNavigation.enabled));
  if (settings.eventFingerprint.enabled) list.push(eventFingerprintEnrichment(settings.eventFingerprint));
  if (settings.cookieExtractor.enabled) list.push(cookieExtractorEnrichment(settings.cookieExtractor));
  if (settings.httpHeaderExtractor.enabled) list.push(httpHeaderExtractorEnrichment(settings.httpHeaderExtractor));
  if (settings.ipLookups.enabled) list.push(await ipLookupsEnrichment(settings.ipLookups));
  if (settings.javascript.enabled) list.push(await javascriptEnrichment(settings.javascript));
  if (settings.anonIp.enabled) list.push(anonIpEnrichment(settings.anonIp));
  if (settings.piiPseudonymization.enabled) list.push(piiPseudonymizationEnrichment(settings.piiPseudonymization));
  return list;
}
