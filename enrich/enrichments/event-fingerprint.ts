// Event fingerprint (reference: snowplow-modern.md §4.2 step 12): a hash of the raw parameters sorted by name,
// each written as `name\u001Fvalue\u001F`, leaving out the configured parameters (those that differ between
// duplicates of one event, such as `stm`). Lets the loader find duplicates that share no event id.

import { hash } from 'node:crypto';
import type { Enrichment } from '../pipeline/enrichment.ts';
import type { EnrichmentsConfig } from './config.ts';

const NODE_ALGORITHMS = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' } as const;
const SEPARATOR = '\u001F';

export function eventFingerprintEnrichment(config: EnrichmentsConfig['eventFingerprint']): Enrichment {
  const excluded = new Set(config.excludeParameters);
  const algorithm = NODE_ALGORITHMS[config.hashAlgorithm];
  return {
    identifier: 'event_fingerprint',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow/event_fingerprint_config/jsonschema/1-0-1',
    apply(event, context) {
      const parameters = context.raw.parameters;
      const names = Object.keys(parameters).sort();
      let text = '';
      for (const name of names) {
        if (excluded.has(name)) continue;
        text += name + SEPARATOR + parameters[name] + SEPARATOR;
      }
      // The one-shot hash avoids a Hash object per event.
      event.event_fingerprint = hash(algorithm, text, 'hex');
      return null;
    },
  };
}
