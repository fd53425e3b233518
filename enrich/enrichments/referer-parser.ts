// Referrer classification (reference: snowplow-modern.md §4.2 step 8): `refr_medium` is `internal` when the
// referrer host is the page host or a configured internal domain, else the medium of the database source
// (`search`, `social`, `email`, `paid`, `chatbot`), else `unknown`; `refr_term` is the first search parameter.

import { decodeComponent } from '../adapters/querystring.ts';
import type { Enrichment } from '../pipeline/enrichment.ts';
import { tsvSafe } from '../pipeline/conversions.ts';
import type { EnrichmentsConfig } from './config.ts';
import type { RefererDatabase } from './referer-database.ts';

function queryValue(query: string, names: readonly string[]): string | null {
  for (const name of names) {
    for (const pair of query.split('&')) {
      const equals = pair.indexOf('=');
      if (equals === -1 || pair.slice(0, equals) !== name) continue;
      const value = decodeComponent(pair.slice(equals + 1));
      if (value !== null && value !== '') return tsvSafe(value);
    }
  }
  return null;
}

export function refererParserEnrichment(config: EnrichmentsConfig['refererParser'], database: RefererDatabase): Enrichment {
  const internalDomains = new Set(config.internalDomains.map((domain) => domain.toLowerCase()));
  return {
    identifier: 'referer_parser',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow/referer_parser/jsonschema/2-0-1',
    apply(event) {
      const host = event.refr_urlhost;
      if (host === null) return null;
      const lowerHost = host.toLowerCase();
      if ((event.page_urlhost !== null && lowerHost === event.page_urlhost.toLowerCase()) || internalDomains.has(lowerHost)) {
        event.refr_medium = 'internal';
        return null;
      }
      const source = database.lookup(lowerHost, event.refr_urlpath);
      if (source === null) {
        event.refr_medium = 'unknown';
        return null;
      }
      event.refr_medium = source.medium;
      event.refr_source = source.source;
      if (source.parameters.length > 0 && event.refr_urlquery !== null) event.refr_term = queryValue(event.refr_urlquery, source.parameters);
      return null;
    },
  };
}
