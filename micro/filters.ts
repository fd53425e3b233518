// The filters of the Micro API: /micro/good and /micro/bad (GET and POST), and the paged /micro/events.
import type { StoredEvent } from './micro-event.ts';

export class FilterError extends Error {
  override readonly name = 'FilterError';
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new FilterError(`${key} must be a string`);
  return value;
}

function optionalLimit(body: Record<string, unknown>): number | undefined {
  const value = body.limit;
  if (value === undefined || value === null) return undefined;
  const limit = typeof value === 'string' ? Number(value) : value;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw new FilterError('limit must be a whole number ≥ 0');
  return limit;
}

function newestFirst<T extends StoredEvent>(records: readonly StoredEvent[], kind: T['kind']): T[] {
  const out: T[] = [];
  for (let index = records.length - 1; index >= 0; index--) if (records[index]!.kind === kind) out.push(records[index] as T);
  return out;
}

type Good = Extract<StoredEvent, { kind: 'good' }>;
type Bad = Extract<StoredEvent, { kind: 'bad' }>;

/** `{event_type, schema, contexts, limit}`, all optional: newest first, `limit` keeps the most recent n. */
export function filterGood(records: readonly StoredEvent[], body: Record<string, unknown>): Good[] {
  const eventType = optionalString(body, 'event_type');
  const schema = optionalString(body, 'schema');
  const limit = optionalLimit(body);
  const contexts = body.contexts;
  if (contexts !== undefined && contexts !== null && (!Array.isArray(contexts) || !contexts.every((item) => typeof item === 'string'))) {
    throw new FilterError('contexts must be an array of schema URIs');
  }
  const wanted = (contexts as string[] | undefined | null) ?? [];
  const matches = newestFirst<Good>(records, 'good').filter(
    ({ good }) =>
      (eventType === undefined || good.eventType === eventType) &&
      (schema === undefined || good.schema === schema) &&
      wanted.every((uri) => good.contexts.includes(uri)),
  );
  return limit === undefined ? matches : matches.slice(0, limit);
}

/** `{vendor, version, limit}`: the API path the bad event came in on. */
export function filterBad(records: readonly StoredEvent[], body: Record<string, unknown>): Bad[] {
  const vendor = optionalString(body, 'vendor');
  const version = optionalString(body, 'version');
  const limit = optionalLimit(body);
  const matches = newestFirst<Bad>(records, 'bad').filter(
    ({ bad }) =>
      (vendor === undefined || bad.rawEvent?.api.vendor === vendor) && (version === undefined || bad.rawEvent?.api.version === version),
  );
  return limit === undefined ? matches : matches.slice(0, limit);
}

export interface EventsQuery {
  readonly filters: ReadonlyArray<{ column: string; values: readonly string[] }>;
  readonly validEvents: boolean | null;
  readonly timeRange: { start?: string; end?: string } | null;
  readonly sorting: { column: string; desc: boolean };
  readonly page: number;
  readonly pageSize: number;
}

export function parseEventsQuery(body: Record<string, unknown>): EventsQuery {
  const filters = body.filters ?? [];
  if (!Array.isArray(filters)) throw new FilterError('filters must be an array of {column, values}');
  for (const filter of filters) {
    const candidate = filter as { column?: unknown; values?: unknown };
    if (typeof candidate.column !== 'string' || !Array.isArray(candidate.values)) {
      throw new FilterError('each filter must be {"column": "<field>", "values": ["…"]}');
    }
  }
  const page = body.page === undefined ? 1 : Number(body.page);
  const pageSize = body.pageSize === undefined ? 50 : Number(body.pageSize);
  if (!Number.isInteger(page) || page < 1) throw new FilterError('page must be a whole number ≥ 1');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) throw new FilterError('pageSize must be a whole number from 1 to 10000');
  const sorting = (body.sorting ?? { column: 'collector_tstamp', desc: true }) as { column: string; desc: boolean };
  const validEvents = body.validEvents === undefined ? null : (body.validEvents as boolean | null);
  return { filters: filters as EventsQuery['filters'], validEvents, timeRange: (body.timeRange as EventsQuery['timeRange']) ?? null, sorting, page, pageSize };
}

/** The lossy JSON rows of /micro/events: good events' fields, bad rows with a failure entity. */
export function queryEvents(records: readonly StoredEvent[], query: EventsQuery): { events: Record<string, unknown>[]; totalPages: number; totalItems: number } {
  const rows: Array<Record<string, unknown>> = records.map((record) =>
    record.kind === 'good'
      ? { ...record.good.event, _seq: record.seq, _valid: true }
      : {
          _seq: record.seq,
          _valid: false,
          collector_tstamp: new Date(record.receivedAt).toISOString(),
          app_id: record.bad.rawEvent?.parameters.aid ?? null,
          event: record.bad.rawEvent?.parameters.e ?? null,
          contexts_com_snowplowanalytics_snowplow_failure_1: [{ schema: record.bad.badRow.schema, failure: record.bad.badRow.data.failure }],
        },
  );
  const start = query.timeRange?.start ? Date.parse(query.timeRange.start) : -Infinity;
  const end = query.timeRange?.end ? Date.parse(query.timeRange.end) : Infinity;
  const kept = rows.filter((row) => {
    if (query.validEvents !== null && row._valid !== query.validEvents) return false;
    const time = Date.parse(String(row.collector_tstamp));
    if (time < start || time > end) return false;
    return query.filters.every((filter) => filter.values.includes(String(row[filter.column] ?? '')));
  });
  const { column, desc } = query.sorting;
  kept.sort((a, b) => {
    const left = String(a[column] ?? '');
    const right = String(b[column] ?? '');
    const order = left < right ? -1 : left > right ? 1 : (a._seq as number) - (b._seq as number);
    return desc ? -order : order;
  });
  const totalItems = kept.length;
  const events = kept.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  return { events, totalPages: Math.max(1, Math.ceil(totalItems / query.pageSize)), totalItems };
}
