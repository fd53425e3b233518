// Event fingerprint (reference: snowplow-modern.md §4.2 step 12): a hash of the raw parameters sorted by name,
// each written as `name\u001Fvalue\u001F`, leaving out the configured parameters (those that differ between
// duplicates of one event, such as `stm`). Lets the loader find duplicates that share no event id.

import { hash } from 'node:crypto';
import type { Enrichment } from '../pipeline/enrichment.ts';
import type { EnrichmentsConfig } from './config.ts';
import { LruCache } from './lru-cache.ts';

const NODE_ALGORITHMS = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' } as const;
const SEPARATOR = '\u001F';

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

export function eventFingerprintEnrichment(config: EnrichmentsConfig['eventFingerprint']): Enrichment {
  const excluded = new Set(config.excludeParameters);
  const algorithm = NODE_ALGORITHMS[config.hashAlgorithm];
  // Events of one tracker send the same parameter names in the same order; sorting them cost as much as the
  // hash, so the sorted, filtered order is cached by the names as sent.
  const orders = new LruCache<string, readonly string[]>(1000);
  let previousSent: readonly string[] = [];
  let previousNames: readonly string[] = [];
  return {
    identifier: 'event_fingerprint',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow/event_fingerprint_config/jsonschema/1-0-1',
    apply(event, context) {
      const parameters = context.raw.parameters;
      const sent = Object.keys(parameters);
      // Consecutive events mostly come from one tracker with the same names in the same order: comparing with the
      // previous event's names (property keys are interned, so each comparison is a pointer check) is cheaper
      // than building the cache key.
      let names: readonly string[] | undefined;
      if (sameNames(sent, previousSent)) {
        names = previousNames;
      } else {
        const signature = sent.join('\u0000');
        names = orders.get(signature);
        if (names === undefined) {
          names = sent.filter((name) => !excluded.has(name)).sort();
          orders.set(signature, names);
        }
        previousSent = sent;
        previousNames = names;
      }
      // Joined from one array: a rope of a hundred concatenations would be flattened again before hashing.
      const parts = new Array<string>(names.length * 2 + 1);
      for (let index = 0; index < names.length; index++) {
        const name = names[index]!;
        parts[2 * index] = name;
        parts[2 * index + 1] = parameters[name]!;
      }
      parts[names.length * 2] = '';
      const text = parts.join(SEPARATOR);
      // The one-shot hash avoids a Hash object per event.
      event.event_fingerprint = hash(algorithm, text, 'hex');
      return null;
    },
  };
}
