import { describe, expect, it } from 'vitest';
import { getRecord } from '../testing/payloads.ts';
import { decodeCollectorPayload, encodeCollectorPayload } from './collector-payload.ts';

const STRING_FIELDS = ['id', 'ipAddress', 'encoding', 'collector', 'path', 'querystring', 'networkUserId'];
const NULLABLE_STRING_FIELDS = ['userAgent', 'refererUri', 'body', 'contentType', 'hostname'];

function decodeWith(field: string, value: unknown) {
  return decodeCollectorPayload(JSON.stringify({ ...getRecord({ e: 'pv' }), [field]: value }));
}

describe('decodeCollectorPayload', () => {
  it('decodes a well-formed record as it was encoded', () => {
    const record = getRecord({ e: 'pv', p: 'web' });
    expect(decodeCollectorPayload(encodeCollectorPayload(record))).toEqual({ ok: true, payload: record });
  });

  it.each(STRING_FIELDS)('rejects a record whose %s is not a string, naming the field', (field) => {
    expect(decodeWith(field, 1)).toEqual({ ok: false, message: `raw record field ${field} must be a string` });
    expect(decodeWith(field, null)).toEqual({ ok: false, message: `raw record field ${field} must be a string` });
  });

  it.each(NULLABLE_STRING_FIELDS)('rejects a record whose %s is neither a string nor null, and takes a missing one as null', (field) => {
    expect(decodeWith(field, 1)).toEqual({ ok: false, message: `raw record field ${field} must be a string or null` });
    expect(decodeWith(field, {})).toEqual({ ok: false, message: `raw record field ${field} must be a string or null` });
    const missing = decodeWith(field, undefined);
    expect(missing.ok && missing.payload[field as keyof typeof missing.payload]).toBeNull();
  });
});
