// The 2013 Lua tracker's `e=sv` screen views (`sv_na` name, `sv_id` screen id), which the ETL of that era
// rejected, become the modern `screen_view` self-describing event (com.snowplowanalytics.mobile, `name` and `id`
// required, `id` at most 36 characters). `sv_id` is the id when it fits; otherwise the id is the event's own id
// and the Lua screen id is kept in `type`.

import type { DecodeOptions, SchemaViolationMessage, SelfDescribing } from './self-describing.ts';

export const SCREEN_VIEW_SCHEMA = 'iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0';
const MAX_ID_LENGTH = 36;

export function legacyScreenViewEvent(
  screen: { name: string | null; id: string | null },
  eventId: string | null,
  options: DecodeOptions,
  errors: SchemaViolationMessage[],
): SelfDescribing | null {
  const data: Record<string, string> = {};
  if (screen.name !== null) data.name = screen.name;
  if (screen.id !== null && screen.id !== '' && screen.id.length <= MAX_ID_LENGTH) {
    data.id = screen.id;
  } else {
    if (eventId !== null) data.id = eventId;
    if (screen.id !== null) data.type = screen.id;
  }
  const instance: SelfDescribing = { schema: SCREEN_VIEW_SCHEMA, data };
  if (options.validate !== null) {
    const failure = options.validate(instance);
    if (failure !== null) {
      errors.push(failure);
      return null;
    }
  }
  return instance;
}
