// The cookie extractor (`org.ietf/http_cookie` per configured cookie found in `Cookie` headers) and the HTTP
// header extractor (`org.ietf/http_header` per header whose name matches), reference: snowplow-modern.md §4.2
// steps 13 and 14. Headers come from the raw record as `Name: value` strings.

import type { Enrichment } from '../pipeline/enrichment.ts';
import type { EnrichmentsConfig } from './config.ts';

export const HTTP_COOKIE_SCHEMA = 'iglu:org.ietf/http_cookie/jsonschema/1-0-0';
export const HTTP_HEADER_SCHEMA = 'iglu:org.ietf/http_header/jsonschema/1-0-0';
const HEADER_VALUE_MAX_LENGTH = 4096;

function splitHeader(header: string): [string, string] | null {
  const colon = header.indexOf(':');
  return colon <= 0 ? null : [header.slice(0, colon).trim(), header.slice(colon + 1).trim()];
}

export function cookieExtractorEnrichment(config: EnrichmentsConfig['cookieExtractor']): Enrichment {
  const wanted = new Set(config.cookies);
  return {
    identifier: 'cookie_extractor',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow/cookie_extractor_config/jsonschema/1-0-0',
    apply(_event, context) {
      for (const header of context.raw.payload.headers) {
        const split = splitHeader(header);
        if (split === null || split[0].toLowerCase() !== 'cookie') continue;
        for (const pair of split[1].split(';')) {
          const equals = pair.indexOf('=');
          const name = (equals === -1 ? pair : pair.slice(0, equals)).trim();
          if (!wanted.has(name)) continue;
          const value = equals === -1 ? null : pair.slice(equals + 1).trim();
          context.derivedContexts.push({ schema: HTTP_COOKIE_SCHEMA, data: { name, value } });
        }
      }
      return null;
    },
  };
}

export function httpHeaderExtractorEnrichment(config: EnrichmentsConfig['httpHeaderExtractor']): Enrichment {
  const pattern = new RegExp(config.headersPattern, 'i');
  return {
    identifier: 'http_header_extractor',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow.enrichments/http_header_extractor_config/jsonschema/1-0-0',
    apply(_event, context) {
      for (const header of context.raw.payload.headers) {
        const split = splitHeader(header);
        if (split === null || !pattern.test(split[0])) continue;
        context.derivedContexts.push({
          schema: HTTP_HEADER_SCHEMA,
          data: { name: split[0].slice(0, HEADER_VALUE_MAX_LENGTH), value: split[1].slice(0, HEADER_VALUE_MAX_LENGTH) },
        });
      }
      return null;
    },
  };
}
