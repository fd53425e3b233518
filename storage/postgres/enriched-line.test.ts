import { describe, expect, it } from 'vitest';
import { ENRICHED_FIELDS, toTsv } from '../../enrich/index.ts';
import { samplePageView } from '../test-support/enriched-events.ts';
import { checkEnrichedLine } from './enriched-line.ts';

const BR_COOKIES = ENRICHED_FIELDS.findIndex((field) => field.name === 'br_cookies');
const line = (overrides: Record<string, unknown> = {}) => toTsv(samplePageView(overrides as never));
const withField = (index: number, value: string) => {
  const fields = line().split('\t');
  fields[index] = value;
  return fields.join('\t');
};

describe('checkEnrichedLine', () => {
  it('accepts a canonical line and escapes backslashes and carriage returns for COPY text format', () => {
    const checked = checkEnrichedLine(line({ page_title: 'a\\b\rc' }));
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.copyLine).toContain('a\\\\b\\rc');
  });

  it.each([
    ['a missing required field', 3, '', 'collector_tstamp', 'required but empty'],
    ['a malformed UUID', 6, 'not-a-uuid', 'event_id', 'not a UUID'],
    ['an integer beyond 32 bits', 7, '2147483648', 'txn_id', 'out of the 32-bit integer range'],
    ['a boolean that is not 1/0', BR_COOKIES, 'yes', 'br_cookies', 'not a boolean'],
    ['a day that does not exist', 2, '2026-02-29 00:00:00.000', 'etl_tstamp', 'not a timestamp'],
    ['a 31st of a 30-day month', 2, '2026-11-31 00:00:00.000', 'etl_tstamp', 'not a timestamp'],
    ['year 0, which PostgreSQL does not have', 2, '0000-01-01 00:00:00', 'etl_tstamp', 'not a timestamp'],
    ['a UUID with a non-hex digit', 6, 'aac8a141-b01c-40e8-b34f-9bce8e97c82g', 'event_id', 'not a UUID'],
    ['a number that is not finite', 22, '1e999', 'geo_latitude', 'not a finite number'],
    ['JSON that does not parse', 52, '{"a":', 'contexts', 'not JSON'],
    ['JSON with a NUL escape', 52, '{"a":"\\u0000"}', 'contexts', 'jsonb rejects'],
    ['a string over its column width', 18, 'GBR', 'geo_country', 'longer than 2 characters'],
  ])('names the field of %s', (_, index, value, key, message) => {
    const checked = checkEnrichedLine(withField(index, value));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors).toEqual([expect.objectContaining({ type: 'InvalidValue', key, message: expect.stringContaining(message) })]);
  });

  it('accepts leap days of leap years, upper-case UUIDs and the ISO T separator', () => {
    expect(checkEnrichedLine(withField(2, '2024-02-29 23:59:59.999999999Z')).ok).toBe(true);
    expect(checkEnrichedLine(withField(2, '2000-02-29T00:00:00')).ok).toBe(true);
    expect(checkEnrichedLine(withField(2, '1900-02-29 00:00:00')).ok).toBe(false);
    expect(checkEnrichedLine(withField(6, 'AAC8A141-B01C-40E8-B34F-9BCE8E97C826')).ok).toBe(true);
  });

  it('counts characters, not UTF-16 units, against column widths', () => {
    expect(checkEnrichedLine(withField(18, '😀😀')).ok).toBe(true);
    expect(checkEnrichedLine(withField(18, '😀😀😀')).ok).toBe(false);
  });

  it('reports lines with the wrong number of fields, no tabs at all, or a NUL byte', () => {
    expect(checkEnrichedLine(line() + '\textra')).toEqual({ ok: false, errors: [{ type: 'FieldNumberMismatch', value: 132 }] });
    expect(checkEnrichedLine('a\tb')).toEqual({ ok: false, errors: [{ type: 'FieldNumberMismatch', value: 2 }] });
    expect(checkEnrichedLine('plain text')).toEqual({ ok: false, errors: [{ type: 'NotTSV' }] });
    expect(checkEnrichedLine(withField(0, 'a\0b'))).toMatchObject({ ok: false, errors: [{ key: 'line', message: expect.stringContaining('NUL') }] });
  });
});
