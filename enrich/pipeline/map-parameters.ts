// Phase 1 of enriching one event: every tracker-protocol parameter to its atomic field with its conversion
// (reference: snowplow-modern.md §1.2, legacy names from snowplow-2013.md §1). All errors of one event are
// collected so its bad row names them all. Unknown parameters are ignored, as Enrich does for GET.

import type { EnrichedEvent } from '../model/enriched-event.ts';
import {
  ConversionError,
  toBoolean,
  toDecimal,
  toDeviceCreatedMs,
  toDimensions,
  toInt,
  toIpAddress,
  toLegacyTransactionId,
  toTimestampMs,
  toUuid,
  tsvSafe,
} from './conversions.ts';

export interface ParameterError {
  /** The tracker-protocol parameter, e.g. `dtm`. */
  readonly field: string;
  readonly value: string;
  readonly error: string;
}

/** What phase 1 leaves for later phases: the self-describing JSON texts still to be decoded and validated. */
export interface MappedParameters {
  contextsJson: string | null;
  contextsBase64: string | null;
  unstructJson: string | null;
  unstructBase64: string | null;
  /** `e` was absent. */
  eventTypeMissing: boolean;
  /** `e=sv` (legacy Lua screen view): becomes a screen_view self-describing event. */
  legacyScreenView: { name: string | null; id: string | null } | null;
}

export const EVENT_TYPES: Readonly<Record<string, string>> = {
  pv: 'page_view',
  pp: 'page_ping',
  se: 'struct',
  ev: 'struct',
  ue: 'unstruct',
  tr: 'transaction',
  ti: 'transaction_item',
  ad: 'ad_impression',
  sv: 'unstruct',
};

export const PLATFORMS: ReadonlySet<string> = new Set(['web', 'mob', 'pc', 'srv', 'app', 'tv', 'cnsl', 'iot', 'headset']);

type Fields = Record<string, string | number | boolean | null>;
type Handler = (fields: Fields, value: string, errors: ParameterError[], name: string, mapped: MappedParameters) => void;

// Handlers are generated per field so that each stores into its field by name: a store with a computed key into
// the 131-field event is megamorphic, and about thirty of them per event were a visible share of phase 1.
const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;

function fieldStore(field: string): string {
  if (!FIELD_NAME.test(field)) throw new Error(`not an atomic field name: ${field}`);
  return `fields.${field}`;
}

function text(field: string): Handler {
  return new Function('tsvSafe', `return function text(fields, value) { ${fieldStore(field)} = tsvSafe(value); };`)(tsvSafe) as Handler;
}

function converted(field: string, convert: (value: string) => string | number | boolean | null | ConversionError): Handler {
  return new Function(
    'convert',
    'ConversionError',
    `return function converted(fields, value, errors, name) {
      const result = convert(value);
      if (result instanceof ConversionError) errors.push({ field: name, value, error: result.message });
      else ${fieldStore(field)} = result;
    };`,
  )(convert, ConversionError) as Handler;
}

function dimensions(widthField: string, heightField: string): Handler {
  return new Function(
    'toDimensions',
    'ConversionError',
    `return function dimensions(fields, value, errors, name) {
      const result = toDimensions(value);
      if (result instanceof ConversionError) {
        errors.push({ field: name, value, error: result.message });
      } else {
        ${fieldStore(widthField)} = result[0];
        ${fieldStore(heightField)} = result[1];
      }
    };`,
  )(toDimensions, ConversionError) as Handler;
}

const HANDLERS = new Map<string, Handler>([
  ['e', (fields, value, errors, name) => {
    const event = EVENT_TYPES[value];
    if (event === undefined || !Object.hasOwn(EVENT_TYPES, value)) errors.push({ field: name, value, error: 'not a valid event type' });
    else fields.event = event;
  }],
  ['eid', converted('event_id', toUuid)],
  ['aid', text('app_id')],
  ['p', (fields, value, errors, name) => {
    if (PLATFORMS.has(value)) fields.platform = value;
    else errors.push({ field: name, value, error: 'not a valid platform' });
  }],
  ['tv', text('v_tracker')],
  ['tna', text('name_tracker')],
  ['cv', text('v_collector')],
  ['dtm', converted('dvce_created_tstamp', toDeviceCreatedMs)],
  ['stm', converted('dvce_sent_tstamp', toTimestampMs)],
  ['ttm', converted('true_tstamp', toTimestampMs)],
  ['tz', text('os_timezone')],
  ['uid', text('user_id')],
  ['duid', text('domain_userid')],
  ['sid', converted('domain_sessionid', toUuid)],
  ['vid', converted('domain_sessionidx', toInt)],
  ['nuid', text('network_userid')],
  ['ip', (fields, value) => {
    fields.user_ipaddress = toIpAddress(value);
  }],
  ['ua', text('useragent')],
  ['fp', text('user_fingerprint')],
  ['tid', converted('txn_id', toLegacyTransactionId)],
  ['url', text('page_url')],
  ['page', text('page_title')],
  ['refr', text('page_referrer')],
  ['lang', text('br_lang')],
  ['cookie', converted('br_cookies', toBoolean)],
  ['cs', text('doc_charset')],
  ['cd', text('br_colordepth')],
  ['res', dimensions('dvce_screenwidth', 'dvce_screenheight')],
  ['vp', dimensions('br_viewwidth', 'br_viewheight')],
  ['ds', dimensions('doc_width', 'doc_height')],
  ['f_pdf', converted('br_features_pdf', toBoolean)],
  ['f_fla', converted('br_features_flash', toBoolean)],
  ['f_java', converted('br_features_java', toBoolean)],
  ['f_dir', converted('br_features_director', toBoolean)],
  ['f_qt', converted('br_features_quicktime', toBoolean)],
  ['f_realp', converted('br_features_realplayer', toBoolean)],
  ['f_wma', converted('br_features_windowsmedia', toBoolean)],
  ['f_gears', converted('br_features_gears', toBoolean)],
  ['f_ag', converted('br_features_silverlight', toBoolean)],
  ['se_ca', text('se_category')],
  ['se_ac', text('se_action')],
  ['se_la', text('se_label')],
  ['se_pr', text('se_property')],
  ['se_va', converted('se_value', toDecimal)],
  ['ev_ca', text('se_category')],
  ['ev_ac', text('se_action')],
  ['ev_la', text('se_label')],
  ['ev_pr', text('se_property')],
  ['ev_va', converted('se_value', toDecimal)],
  ['tr_id', text('tr_orderid')],
  ['tr_af', text('tr_affiliation')],
  ['tr_tt', converted('tr_total', toDecimal)],
  ['tr_tx', converted('tr_tax', toDecimal)],
  ['tr_sh', converted('tr_shipping', toDecimal)],
  ['tr_ci', text('tr_city')],
  ['tr_st', text('tr_state')],
  ['tr_co', text('tr_country')],
  ['tr_cu', text('tr_currency')],
  ['ti_id', text('ti_orderid')],
  ['ti_sk', text('ti_sku')],
  ['ti_nm', text('ti_name')],
  ['ti_na', text('ti_name')],
  ['ti_ca', text('ti_category')],
  ['ti_pr', converted('ti_price', toDecimal)],
  ['ti_qu', converted('ti_quantity', toInt)],
  ['ti_cu', text('ti_currency')],
  ['pp_mix', converted('pp_xoffset_min', toInt)],
  ['pp_max', converted('pp_xoffset_max', toInt)],
  ['pp_miy', converted('pp_yoffset_min', toInt)],
  ['pp_may', converted('pp_yoffset_max', toInt)],
  ['co', (_fields, value, _errors, _name, mapped) => {
    if (value !== '') mapped.contextsJson = value;
  }],
  ['cx', (_fields, value, _errors, _name, mapped) => {
    if (value !== '') mapped.contextsBase64 = value;
  }],
  ['ue_pr', (_fields, value, _errors, _name, mapped) => {
    if (value !== '') mapped.unstructJson = value;
  }],
  ['ue_px', (_fields, value, _errors, _name, mapped) => {
    if (value !== '') mapped.unstructBase64 = value;
  }],
]);

/** The parameter names this module maps (documentation and tests use it). */
export const MAPPED_PARAMETER_NAMES: readonly string[] = [...HANDLERS.keys(), 'tnuid', 'sv_na', 'sv_id'];

/** Applies every parameter to `event`, appending conversion errors to `errors`. */
export function mapParameters(
  parameters: Readonly<Record<string, string>>,
  event: EnrichedEvent,
  errors: ParameterError[],
): MappedParameters {
  const fields = event as unknown as Fields;
  const mapped: MappedParameters = {
    contextsJson: null,
    contextsBase64: null,
    unstructJson: null,
    unstructBase64: null,
    eventTypeMissing: parameters.e === undefined,
    legacyScreenView: null,
  };
  for (const name in parameters) {
    const handler = HANDLERS.get(name);
    if (handler !== undefined) handler(fields, parameters[name]!, errors, name, mapped);
  }
  // tnuid is applied after everything else so it beats both nuid and the collector cookie (Enrich's order).
  const trackerNetworkUserId = parameters.tnuid;
  if (trackerNetworkUserId !== undefined) fields.network_userid = tsvSafe(trackerNetworkUserId);
  if (parameters.e === 'sv') {
    mapped.legacyScreenView = { name: parameters.sv_na ?? null, id: parameters.sv_id ?? null };
  }
  return mapped;
}
