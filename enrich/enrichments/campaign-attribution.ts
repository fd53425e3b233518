// Campaign attribution (reference: snowplow-modern.md §4.2 step 10): `mkt_*` from the first listed page-URL
// parameter present; click ids (gclid, msclkid, dclid and configured ones) into `mkt_clickid` / `mkt_network`.

import type { Enrichment } from '../pipeline/enrichment.ts';
import { tsvSafe } from '../pipeline/conversions.ts';
import type { EnrichmentsConfig } from './config.ts';

export const DEFAULT_CLICK_IDS: Readonly<Record<string, string>> = { gclid: 'Google', msclkid: 'Microsoft', dclid: 'DoubleClick' };

function firstOf(query: ReadonlyMap<string, string>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = query.get(name);
    if (value !== undefined && value !== '') return tsvSafe(value);
  }
  return null;
}

export function campaignAttributionEnrichment(config: EnrichmentsConfig['campaignAttribution']): Enrichment {
  const clickIds = Object.entries({ ...DEFAULT_CLICK_IDS, ...config.clickIds });
  return {
    identifier: 'campaign_attribution',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow/campaign_attribution/jsonschema/1-0-1',
    apply(event, context) {
      const query = context.pageQuery();
      if (query === null) return null;
      event.mkt_medium = firstOf(query, config.mktMedium);
      event.mkt_source = firstOf(query, config.mktSource);
      event.mkt_term = firstOf(query, config.mktTerm);
      event.mkt_content = firstOf(query, config.mktContent);
      event.mkt_campaign = firstOf(query, config.mktCampaign);
      for (const [parameter, network] of clickIds) {
        const value = query.get(parameter);
        if (value !== undefined && value !== '') {
          event.mkt_clickid = tsvSafe(value);
          event.mkt_network = network;
          break;
        }
      }
      return null;
    },
  };
}
