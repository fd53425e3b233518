// event_vendor / event_name / event_format / event_version (reference: snowplow-modern.md §1.3). For the
// built-in event types these are labels that no registry resolves; a self-describing event gives its own.

import type { SelfDescribing } from './self-describing.ts';
import { IGLU_URI } from './self-describing.ts';

export interface EventSchema {
  vendor: string;
  name: string;
  format: string;
  version: string;
}

const SNOWPLOW = 'com.snowplowanalytics.snowplow';

const BUILT_IN: Readonly<Record<string, EventSchema>> = {
  page_view: { vendor: SNOWPLOW, name: 'page_view', format: 'jsonschema', version: '1-0-0' },
  page_ping: { vendor: SNOWPLOW, name: 'page_ping', format: 'jsonschema', version: '1-0-0' },
  transaction: { vendor: SNOWPLOW, name: 'transaction', format: 'jsonschema', version: '1-0-0' },
  transaction_item: { vendor: SNOWPLOW, name: 'transaction_item', format: 'jsonschema', version: '1-0-0' },
  ad_impression: { vendor: SNOWPLOW, name: 'ad_impression', format: 'jsonschema', version: '1-0-0' },
  struct: { vendor: 'com.google.analytics', name: 'event', format: 'jsonschema', version: '1-0-0' },
};

/** The schema of an event, or null when it cannot be told (no `e`, or `e=ue` without a usable event). */
export function eventSchema(event: string | null, unstruct: SelfDescribing | null): EventSchema | null {
  if (event === null) return null;
  if (event === 'unstruct') {
    if (unstruct === null) return null;
    const match = IGLU_URI.exec(unstruct.schema);
    return match === null ? null : { vendor: match[1]!, name: match[2]!, format: match[3]!, version: match[4]! };
  }
  return Object.hasOwn(BUILT_IN, event) ? BUILT_IN[event]! : null;
}
