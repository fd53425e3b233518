// The JSON shape of an enriched event as Snowplow's Analytics SDKs and Micro present it: every atomic field by
// name (timestamps as ISO strings), with entities and the self-describing event "shredded" into properties named
// `contexts_<vendor>_<name>_<model>` / `unstruct_event_<vendor>_<name>_<model>` (dots and dashes become `_`).
import { ENRICHED_FIELDS, type EnrichedEvent } from '../enrich/index.ts';

export interface SelfDescribing {
  readonly schema: string;
  readonly data: unknown;
}

const IGLU_URI = /^iglu:([^/]+)\/([^/]+)\/([^/]+)\/(\d+)-(\d+)-(\d+)$/;

/** `iglu:com.acme/viewed_product/jsonschema/1-0-0` → `com_acme_viewed_product_1`. */
export function shreddedName(schema: string): string | undefined {
  const match = IGLU_URI.exec(schema);
  if (!match) return undefined;
  const [, vendor, name, , model] = match;
  return `${vendor}_${name}_${model}`.replace(/[.\-/]/g, '_').replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The entities of a contexts field (the 1-0-x wrapper), or [] when the field is empty or malformed. */
export function entitiesOf(contextsJson: string | null): SelfDescribing[] {
  if (!contextsJson) return [];
  try {
    const wrapper = JSON.parse(contextsJson) as { data?: unknown };
    return Array.isArray(wrapper.data) ? (wrapper.data as SelfDescribing[]) : [];
  } catch {
    return [];
  }
}

/** The inner self-describing event of an unstruct_event field, if any. */
export function selfDescribingEventOf(unstructJson: string | null): SelfDescribing | undefined {
  if (!unstructJson) return undefined;
  try {
    const wrapper = JSON.parse(unstructJson) as { data?: SelfDescribing };
    return wrapper.data && typeof wrapper.data.schema === 'string' ? wrapper.data : undefined;
  } catch {
    return undefined;
  }
}

export function eventToJson(event: EnrichedEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = event as unknown as Record<string, unknown>;
  for (const field of ENRICHED_FIELDS) {
    const value = values[field.name];
    if (field.kind === 'json') continue;
    out[field.name] = field.kind === 'timestamp' && typeof value === 'number' ? new Date(value).toISOString() : value;
  }
  for (const field of ['contexts', 'derived_contexts'] as const) {
    for (const entity of entitiesOf(event[field])) {
      const name = shreddedName(entity.schema);
      if (!name) continue;
      const key = `contexts_${name}`;
      ((out[key] ??= []) as unknown[]).push(entity.data);
    }
  }
  const selfDescribing = selfDescribingEventOf(event.unstruct_event);
  if (selfDescribing) {
    const name = shreddedName(selfDescribing.schema);
    if (name) out[`unstruct_event_${name}`] = selfDescribing.data;
  }
  return out;
}

/** The device id of an event's `io.snowline/device` entity (added by the firmware bridge), or null; from the
 * event as `eventToJson` shapes it, whose entities are already parsed. */
export function deviceIdOf(event: Record<string, unknown>): string | null {
  const devices = event.contexts_io_snowline_device_1;
  if (!Array.isArray(devices)) return null;
  for (const device of devices as Array<{ deviceId?: unknown }>) if (typeof device?.deviceId === 'string') return device.deviceId;
  return null;
}
