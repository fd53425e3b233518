import { describe, expect, it } from 'vitest';
import { createEmptyEvent, type EnrichedEvent } from './enriched-event.ts';
import { ENRICHED_FIELDS, FIELD_COUNT } from './fields.ts';
import { fromTsv, toTsv } from './tsv.ts';

function fullEvent(): EnrichedEvent {
  const event = createEmptyEvent() as unknown as Record<string, unknown>;
  ENRICHED_FIELDS.forEach((field, index) => {
    switch (field.kind) {
      case 'int':
        event[field.name] = index * 7 - 100;
        break;
      case 'double':
        event[field.name] = 37.443604 + index;
        break;
      case 'decimal':
        event[field.name] = '9.90';
        break;
      case 'bool':
        event[field.name] = index % 2 === 0;
        break;
      case 'timestamp':
        event[field.name] = Date.UTC(2024, 4, 1, 10, 0, 0, index);
        break;
      case 'uuid':
        event[field.name] = '2ec13853-ef9e-414a-8976-e64a4693b134';
        break;
      case 'json':
        event[field.name] = '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1","data":[]}';
        break;
      default:
        event[field.name] = `${field.name} välue ${index}`.slice(0, 'maxLength' in field ? field.maxLength : 100);
    }
  });
  return event as unknown as EnrichedEvent;
}

describe('the enriched TSV line', () => {
  it('has exactly 131 tab-separated fields and no newline', () => {
    const line = toTsv(fullEvent());
    expect(line.split('\t')).toHaveLength(131);
    expect(FIELD_COUNT).toBe(131);
    expect(line).not.toContain('\n');
  });

  it('round-trips an event with every field set: fromTsv(toTsv(e)) equals e and toTsv(fromTsv(l)) equals l', () => {
    const event = fullEvent();
    const line = toTsv(event);
    expect(fromTsv(line)).toEqual(event);
    expect(toTsv(fromTsv(line))).toBe(line);
  });

  it('writes nulls as empty fields, timestamps with three ms digits in UTC, booleans as 1/0', () => {
    const event = createEmptyEvent();
    event.event_id = '2ec13853-ef9e-414a-8976-e64a4693b134';
    event.collector_tstamp = Date.UTC(2013, 10, 26, 0, 2, 5, 0);
    event.v_collector = 'snowline-0.1.0';
    event.v_etl = 'snowline-0.1.0';
    event.br_cookies = false;
    event.dvce_ismobile = true;
    event.se_value = '1000';
    const fields = toTsv(event).split('\t');
    expect(fields[3]).toBe('2013-11-26 00:02:05.000');
    expect(fields[6]).toBe('2ec13853-ef9e-414a-8976-e64a4693b134');
    expect(fields[93]).toBe('0');
    expect(fields[102]).toBe('1');
    expect(fields[57]).toBe('1000');
    expect(fields.filter((field) => field === '')).toHaveLength(131 - 7);
    expect(fromTsv(toTsv(event))).toEqual(event);
  });

  it('rejects a line with the wrong number of fields', () => {
    expect(() => fromTsv('a\tb')).toThrow('an enriched TSV line has 131 tab-separated fields, this one has 2');
  });

  it('names the field and its position when a value is malformed', () => {
    const fields = toTsv(fullEvent()).split('\t');
    fields[16] = 'twelve';
    expect(() => fromTsv(fields.join('\t'))).toThrow('field domain_sessionidx (position 16) must be an integer, got "twelve"');
    fields[16] = '12';
    fields[3] = '2024-05-01T10:00:00Z';
    expect(() => fromTsv(fields.join('\t'))).toThrow('field collector_tstamp (position 3) must be a timestamp');
  });

  it('refuses an empty required field', () => {
    const fields = toTsv(fullEvent()).split('\t');
    fields[6] = '';
    expect(() => fromTsv(fields.join('\t'))).toThrow('field event_id (position 6) cannot be empty');
  });
});
