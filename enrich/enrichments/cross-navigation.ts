// Cross-navigation (reference: snowplow-modern.md §4.2 step 11): the `_sp` page-URL parameter that trackers add
// to links between domains or apps, `<domain_userid>.<timestamp ms>[.<session id>.<b64 user id>.<b64 source
// id>.<source platform>.<b64 reason>]`. Always parsed into `refr_domain_userid` and `refr_dvce_tstamp`; the
// `cross_navigation` entity only when the enrichment is enabled.

import type { Enrichment, EnrichmentFailureMessage } from '../pipeline/enrichment.ts';
import { toTimestampMs, ConversionError, tsvSafe } from '../pipeline/conversions.ts';
import { decodeBase64Lenient } from '../pipeline/self-describing.ts';

export const CROSS_NAVIGATION_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/cross_navigation/jsonschema/1-0-0';
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function optionalBase64(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  return decodeBase64Lenient(value);
}

export function crossNavigationEnrichment(addEntity: boolean): Enrichment {
  const identifier = 'cross_navigation';
  const schemaKey = 'iglu:com.snowplowanalytics.snowplow.enrichments/cross_navigation_config/jsonschema/1-0-0';
  return {
    identifier,
    schemaKey,
    apply(event, context) {
      if (event.page_urlquery === null || !event.page_urlquery.includes('_sp=')) return null;
      const value = context.pageQuery()?.get('_sp');
      if (value === undefined || value === '') return null;
      const parts = value.split('.');
      const timestamp = toTimestampMs(parts[1] ?? '');
      if (parts.length < 2 || parts[0] === '' || timestamp instanceof ConversionError) {
        const failure: EnrichmentFailureMessage = {
          enrichment: { schemaKey, identifier },
          message: { field: '_sp', value, expectation: '<domain user id>.<timestamp in ms>[.<session id>.<user id>.<source id>.<platform>.<reason>]' },
        };
        return [failure];
      }
      event.refr_domain_userid = tsvSafe(parts[0]!);
      event.refr_dvce_tstamp = timestamp;
      if (addEntity) {
        const sessionId = parts[2] !== undefined && UUID.test(parts[2]) ? parts[2].toLowerCase() : null;
        const platform = parts[5] === undefined || parts[5] === '' ? null : parts[5];
        context.derivedContexts.push({
          schema: CROSS_NAVIGATION_SCHEMA,
          data: {
            domain_user_id: parts[0],
            timestamp: new Date(timestamp).toISOString(),
            session_id: sessionId,
            user_id: optionalBase64(parts[3]),
            source_id: optionalBase64(parts[4]),
            source_platform: platform,
            reason: optionalBase64(parts[6]),
          },
        });
      }
      return null;
    },
  };
}
