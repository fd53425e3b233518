// Builders for every event type the tracker sends: each returns the event-specific fields of one payload.
// Names of the arguments follow the official Snowplow JavaScript tracker (v3/v4 object form).
import { addField, snowplowSchema, type Payload } from './payload.ts';

export interface PageViewEvent {
  title?: string | null;
}

/** Scroll extents since the last page ping, in whole pixels. */
export type ScrollExtents = [minXOffset: number, maxXOffset: number, minYOffset: number, maxYOffset: number];

export interface StructuredEvent {
  category: string;
  action: string;
  label?: string;
  property?: string;
  value?: number;
}

export interface TransactionEvent {
  orderId: string;
  total: number | string;
  affiliation?: string;
  tax?: number | string;
  shipping?: number | string;
  city?: string;
  state?: string;
  country?: string;
  currency?: string;
}

export interface TransactionItemEvent {
  orderId: string;
  sku: string;
  price: number | string;
  name?: string;
  category?: string;
  quantity?: number | string;
  currency?: string;
}

export interface LinkClickEvent {
  targetUrl: string;
  elementId?: string;
  elementClasses?: string[];
  elementTarget?: string;
  elementContent?: string;
}

export interface FormElement {
  name: string;
  value: string | null;
  nodeName: string;
  type?: string;
}

export interface SubmitFormEvent {
  formId: string;
  formClasses?: string[];
  elements?: FormElement[];
}

export interface ScreenViewEvent {
  name: string;
  /** A UUID; made up when not given. */
  id?: string;
  type?: string;
  transitionType?: string;
}

/**
 * Space-separated words as a list. It would belong in list.ts, but importing it from there makes esbuild put
 * list.ts ahead of this module in sp.js, and every such order tried gzips 6 to 27 bytes larger.
 */
export const words = (text: string): string[] => text.split(' ');

/**
 * Event property names in the order of the v2 tag's positional arguments, and beside them the suffixes of their
 * wire fields (`se_` + `ca` for `category`). Kept as space-separated words: sp.js carries them, and the words
 * are smaller than objects.
 */
export const STRUCTURED_FIELDS = 'category action label property value';
export const TRANSACTION_FIELDS = 'orderId affiliation total tax shipping city state country currency';
export const ITEM_FIELDS = 'orderId sku name category price quantity currency';

/** A builder of `e=<code>` payloads that copies event properties to their wire fields, `<code>_<suffix>`. */
const builder =
  <T extends object>(code: string, suffixes: string, properties: string) =>
  (event: T): Payload => {
    const payload: Payload = { e: code };
    words(suffixes).forEach((suffix, i) => addField(payload, code + '_' + suffix, (event as Record<string, unknown>)[words(properties)[i]!]));
    return payload;
  };

export const structEvent = builder<StructuredEvent>('se', 'ca ac la pr va', STRUCTURED_FIELDS);
export const transaction = builder<TransactionEvent>('tr', 'id af tt tx sh ci st co cu', TRANSACTION_FIELDS);
export const transactionItem = builder<TransactionItemEvent>('ti', 'id sk nm ca pr qu cu', ITEM_FIELDS);
/** A page view: `page` is its title. */
export function pageView(event: PageViewEvent): Payload {
  const payload: Payload = { e: 'pv' };
  addField(payload, 'page', event.title);
  return payload;
}
/** Wire fields of the scroll extents, in the order of `ScrollExtents`. */
const PING_FIELDS = 'mix max miy may';
/**
 * A page ping carries the page title, and its scroll extents except those that are 0: the official tracker leaves
 * zeros out, and both trackers must give the same enriched fields.
 */
export function pagePing(title: string | null | undefined, extents: ScrollExtents): Payload {
  const payload = pageView({ title });
  payload.e = 'pp';
  words(PING_FIELDS).forEach((key, i) => addField(payload, 'pp_' + key, extents[i] || null));
  return payload;
}

export const linkClickSchema = snowplowSchema('link_click', '1-0-1');
export const submitFormSchema = snowplowSchema('submit_form');
/** The screen view the official v4 trackers send (web single-page apps and mobile alike). */
export const screenViewSchema = 'iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0';
export const webPageSchema = snowplowSchema('web_page');
