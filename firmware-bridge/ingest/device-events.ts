// Device input → tracker-protocol events as the collector takes them in a payload_data POST: device time into
// dtm, a derived eid, p=iot, and the device entity merged into the event's own entities (docs/formats/serial.md).
import { deviceCreatedAtMs, deviceEventId } from '../frame/event-identity.ts';
import type { EventFrame } from '../frame/serial-frame.ts';
import type { DeviceEventKey } from './seen-events.ts';

export type TrackerEvent = Record<string, string>;
export type Transport = 'serial' | 'mqtt';

export const DEVICE_ENTITY_SCHEMA = 'iglu:io.snowline/device/jsonschema/1-0-0';
const CONTEXTS_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';

/** A queued event. `alone`: send it in a request of its own (its keys fail payload_data, or its entities are not JSON). */
export interface QueuedEvent {
  readonly kind: 'event';
  readonly event: TrackerEvent;
  readonly key?: DeviceEventKey;
  readonly alone?: boolean;
}

/** A message that is no event: forwarded as-is so that enrich makes a bad row naming the device. */
export interface QueuedMalformed {
  readonly kind: 'malformed';
  readonly deviceId: string;
  readonly transport: Transport;
  readonly topic?: string;
  readonly reason: string;
  readonly bodyBase64: string;
}

export type QueueRecord = QueuedEvent | QueuedMalformed;

// payload_data 1-0-4 has additionalProperties: false: one unknown key fails its whole POST.
const PAYLOAD_DATA_KEYS = new Set(
  ('tna aid p dtm tz e tid eid tv duid nuid uid vid ip res url page refr fp ctype cookie lang f_pdf f_qt f_realp f_wma f_dir ' +
    'f_fla f_java f_gears f_ag cd ds cs vp mac pp_mix pp_max pp_miy pp_may ad_ba ad_ca ad_ad ad_uid tr_id tr_af tr_tt tr_tx ' +
    'tr_sh tr_ci tr_st tr_co tr_cu ti_id ti_sk ti_nm ti_na ti_ca ti_pr ti_qu ti_cu sa sn st sp se_ca se_ac se_la se_pr se_va ' +
    'ue_na ue_pr ue_px co cx ua tnuid stm sid ttm').split(' '),
);

export interface DeviceEntity {
  deviceId: string;
  bootId?: number;
  sequence?: number;
  firmwareVersion?: string;
  uptimeMs?: number;
  droppedTotal?: number;
  transport: Transport;
}

function decodeBase64Url(text: string): string {
  return Buffer.from(text.replaceAll('-', '+').replaceAll('_', '/'), 'base64').toString('utf8');
}

/** Adds the device entity to the event's entities (co or cx), as one `co`; false when its entities are not JSON. */
function addDeviceEntity(event: TrackerEvent, entity: DeviceEntity): boolean {
  const data: unknown[] = [];
  const existing = event.co ?? (event.cx === undefined ? undefined : decodeBase64Url(event.cx));
  if (existing !== undefined) {
    try {
      const parsed = JSON.parse(existing) as { data?: unknown };
      if (!Array.isArray(parsed.data)) return false;
      data.push(...parsed.data);
    } catch {
      return false;
    }
  }
  data.push({ schema: DEVICE_ENTITY_SCHEMA, data: entity });
  delete event.cx;
  event.co = JSON.stringify({ schema: CONTEXTS_SCHEMA, data });
  return true;
}

/** payload_data requires tv: events from clients that send none name the bridge as their tracker. */
export const BRIDGE_TRACKER_VERSION = 'snowline-bridge-0.1.0';

function finish(event: TrackerEvent, entity: DeviceEntity, receivedAtMs: number, key?: DeviceEventKey): QueuedEvent {
  event.p ??= 'iot';
  event.tv ??= BRIDGE_TRACKER_VERSION;
  event.stm = String(receivedAtMs);
  const entitiesOk = addDeviceEntity(event, entity);
  const alone = !entitiesOk || Object.keys(event).some((name) => !PAYLOAD_DATA_KEYS.has(name));
  return { kind: 'event', event, ...(key ? { key } : {}), ...(alone ? { alone } : {}) };
}

/** Querystring → event: `+` is a space, later duplicates win (as enrich reads a querystring). */
export function parseQuerystring(text: string): TrackerEvent {
  const event: TrackerEvent = {};
  for (const [name, value] of new URLSearchParams(text)) event[name] = value;
  return event;
}

export function eventFromFrame(frame: EventFrame, receivedAtMs: number, transport: Transport): QueuedEvent {
  const event = parseQuerystring(frame.payload);
  const firmwareVersion = event.fw;
  delete event.fw;
  event.eid = deviceEventId(frame.deviceId, frame.bootId, frame.seq);
  event.dtm = String(deviceCreatedAtMs(receivedAtMs, frame.createdUptimeMs, frame.sentUptimeMs));
  const entity: DeviceEntity = {
    deviceId: frame.deviceId,
    bootId: frame.bootId,
    sequence: frame.seq,
    ...(firmwareVersion ? { firmwareVersion } : {}),
    uptimeMs: frame.createdUptimeMs,
    droppedTotal: frame.droppedTotal,
    transport,
  };
  return finish(event, entity, receivedAtMs, { deviceId: frame.deviceId, bootId: frame.bootId, seq: frame.seq });
}

/** An event sent as a plain querystring or a payload_data item (MQTT): the client's own eid and dtm are kept. */
export function eventFromFields(deviceId: string, fields: TrackerEvent, receivedAtMs: number, transport: Transport): QueuedEvent {
  return finish({ ...fields }, { deviceId, transport }, receivedAtMs);
}
