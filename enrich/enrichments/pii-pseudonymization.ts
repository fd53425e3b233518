// PII pseudonymisation (reference: snowplow-modern.md §4.2 step 25): chosen atomic fields and values inside
// entities or the self-describing event are replaced by the lower-hex hash of salt + value. With `emitEvent`, a
// separate `pii_transformation` event keeps the original values, linked to its parent by `parent_event`.

import { createHash } from 'node:crypto';
import { createEmptyEvent, type EnrichedEvent } from '../model/enriched-event.ts';
import type { Enrichment, EnrichmentContext } from '../pipeline/enrichment.ts';
import { uuidV5 } from '../pipeline/event-id.ts';
import { contextsJson, unstructJson, type SelfDescribing } from '../pipeline/self-describing.ts';
import { matchesCriterion, parseCriterion, type SchemaCriterion } from '../iglu/schema-key.ts';
import type { EnrichmentsConfig } from './config.ts';
import { parseJsonPath, replaceAtPath } from './json-path.ts';

export const PII_TRANSFORMATION_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/pii_transformation/jsonschema/1-0-0';
export const PARENT_EVENT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/parent_event/jsonschema/1-0-0';
const NODE_HASHES = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;
const PII_EVENT_NAMESPACE = Buffer.from('8e1f3a8b5c2d4e6fa0b1c2d3e4f50617', 'hex');

/** Atomic fields that may be pseudonymised: the string fields the pii_transformation schema lists. */
export const PSEUDONYMISABLE_FIELDS = [
  'user_id', 'user_ipaddress', 'user_fingerprint', 'domain_userid', 'network_userid', 'ip_organization', 'ip_domain',
  'tr_orderid', 'ti_orderid', 'mkt_term', 'mkt_content', 'se_category', 'se_action', 'se_label', 'se_property',
  'mkt_clickid', 'refr_domain_userid', 'domain_sessionid',
] as const;

interface JsonTarget {
  readonly field: 'contexts' | 'derived_contexts' | 'unstruct_event';
  readonly criterionText: string;
  readonly criterion: SchemaCriterion;
  readonly jsonPath: string;
  readonly steps: ReturnType<typeof parseJsonPath>;
}

export function piiPseudonymizationEnrichment(config: EnrichmentsConfig['piiPseudonymization']): Enrichment {
  for (const field of config.fields) {
    if (!(PSEUDONYMISABLE_FIELDS as readonly string[]).includes(field)) {
      throw new Error(`piiPseudonymization.fields: ${field} cannot be pseudonymised (one of ${PSEUDONYMISABLE_FIELDS.join(', ')})`);
    }
  }
  const targets: JsonTarget[] = config.jsonFields.map((target) => ({
    field: target.field,
    criterionText: target.schemaCriterion,
    criterion: parseCriterion(target.schemaCriterion)!,
    jsonPath: target.jsonPath,
    steps: parseJsonPath(target.jsonPath),
  }));
  const algorithm = NODE_HASHES[config.hashFunction];
  const hash = (value: string) => createHash(algorithm).update(config.salt + value).digest('hex');

  function entitiesOf(field: JsonTarget['field'], context: EnrichmentContext): SelfDescribing[] {
    if (field === 'contexts') return context.contexts;
    if (field === 'derived_contexts') return context.derivedContexts;
    return context.unstruct === null ? [] : [context.unstruct];
  }

  return {
    identifier: 'pii_pseudonymization',
    schemaKey: 'iglu:com.snowplowanalytics.snowplow.enrichments/pii_enrichment_config/jsonschema/2-0-1',
    apply(event, context) {
      if (config.anonymousOnly && !context.raw.payload.headers.some((header) => /^sp-anonymous\s*:/i.test(header))) return null;
      const fields = event as unknown as Record<string, string | null>;
      const pojo: { fieldName: string; originalValue: string; modifiedValue: string }[] = [];
      for (const name of config.fields) {
        const original = fields[name];
        if (original === null || original === undefined) continue;
        const modified = hash(original);
        fields[name] = modified;
        pojo.push({ fieldName: name, originalValue: original, modifiedValue: modified });
      }
      const json: { fieldMapping: Record<string, string> }[] = [];
      for (const target of targets) {
        const entities = entitiesOf(target.field, context);
        for (let index = 0; index < entities.length; index++) {
          const entity = entities[index]!;
          if (!matchesCriterion(entity.schema, target.criterion)) continue;
          // Entities from enrichments may be shared and frozen (cached UA parses): change a copy.
          const copy: SelfDescribing = { schema: entity.schema, data: structuredClone(entity.data) };
          let changed = false;
          replaceAtPath(copy.data, target.steps, (value) => {
            const original = String(value);
            const modified = hash(original);
            changed = true;
            json.push({ fieldMapping: { fieldName: target.field, jsonPath: target.jsonPath, originalValue: original, modifiedValue: modified, schema: entity.schema } });
            return modified;
          });
          if (!changed) continue;
          if (target.field === 'unstruct_event') context.unstruct = copy;
          else entities[index] = copy;
        }
      }
      if (config.emitEvent && (pojo.length > 0 || json.length > 0)) context.extraEvents.push(piiEvent(event, pojo, json, config.hashFunction));
      return null;
    },
  };
}

function piiEvent(parent: EnrichedEvent, pojo: unknown[], json: unknown[], hashFunction: string): EnrichedEvent {
  const event = createEmptyEvent();
  event.event_id = uuidV5(PII_EVENT_NAMESPACE, parent.event_id ?? '');
  event.app_id = parent.app_id;
  event.platform = 'srv';
  event.etl_tstamp = parent.etl_tstamp;
  event.collector_tstamp = parent.collector_tstamp;
  event.derived_tstamp = parent.collector_tstamp;
  event.v_collector = parent.v_collector;
  event.v_etl = parent.v_etl;
  event.event = 'pii_transformation';
  event.event_vendor = 'com.snowplowanalytics.snowplow';
  event.event_name = 'pii_transformation';
  event.event_format = 'jsonschema';
  event.event_version = '1-0-0';
  const pii: Record<string, unknown> = {};
  if (pojo.length > 0) pii.pojo = pojo;
  if (json.length > 0) pii.json = json;
  event.unstruct_event = unstructJson({ schema: PII_TRANSFORMATION_SCHEMA, data: { pii, strategy: { pseudonymize: { hashFunction } } } });
  event.derived_contexts = contextsJson([{ schema: PARENT_EVENT_SCHEMA, data: { parentEventId: parent.event_id } }]);
  return event;
}
