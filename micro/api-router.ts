// The Snowplow Micro REST API (reference §5.1) plus Snowline's inspector endpoints, as an express router that
// mounts on the collector's application. CORS is open on every route so browser test harnesses can call it.
import express, { type Request, type Response, type Router } from 'express';
import { dashboardStats } from './dashboard-stats.ts';
import { deviceIdOf } from './event-json.ts';
import type { MicroEventStore } from './event-store.ts';
import { FilterError, filterBad, filterGood, parseEventsQuery, queryEvents } from './filters.ts';
import type { StoredEvent } from './micro-event.ts';

export interface SchemaLookup {
  /** The JSON Schema for an Iglu URI, or undefined when no registry has it. */
  (uri: string): Promise<unknown | undefined>;
}

export interface MicroApiOptions {
  readonly store: MicroEventStore;
  readonly lookupSchema?: SchemaLookup;
  /** Directories of the inspector UI (index.html and style.css; the app.js bundle), served at `<mount>/ui`. */
  readonly uiDirectories?: readonly string[];
}

const SUPPORTED = ['/micro/all', '/micro/good', '/micro/bad', '/micro/reset', '/micro/events', '/micro/iglu', '/micro/ui', '/micro/stream', '/micro/stats'];

function allowCors(request: Request, response: Response): void {
  response.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*');
  response.setHeader('Access-Control-Allow-Credentials', 'true');
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? 'Content-Type');
  response.setHeader('Vary', 'Origin');
}

function requestFilters(request: Request): Record<string, unknown> {
  if (request.method === 'POST') return (request.body ?? {}) as Record<string, unknown>;
  const query: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
  if (typeof query.contexts === 'string') query.contexts = query.contexts.split(',').filter(Boolean);
  return query;
}

/** Summary line for the live stream and lists: small enough to send for every event. */
export function summarise(record: StoredEvent): Record<string, unknown> {
  if (record.kind === 'good') {
    const event = record.good.event;
    return {
      seq: record.seq,
      kind: 'good',
      receivedAt: new Date(record.receivedAt).toISOString(),
      event: record.good.eventType,
      schema: record.good.schema,
      appId: event.app_id ?? null,
      platform: event.platform ?? null,
      userId: event.user_id ?? event.domain_userid ?? event.network_userid ?? null,
      pageUrl: event.page_url ?? null,
      deviceId: deviceIdOf(event),
      eventId: event.event_id ?? null,
    };
  }
  const failure = record.bad.badRow.data.failure;
  return {
    seq: record.seq,
    kind: 'bad',
    receivedAt: new Date(record.receivedAt).toISOString(),
    event: record.bad.rawEvent?.parameters.e ?? null,
    schema: record.bad.badRow.schema,
    appId: record.bad.rawEvent?.parameters.aid ?? null,
    platform: record.bad.rawEvent?.parameters.p ?? null,
    userId: record.bad.rawEvent?.parameters.uid ?? null,
    pageUrl: record.bad.rawEvent?.parameters.url ?? null,
    deviceId: null,
    eventId: record.bad.rawEvent?.parameters.eid ?? null,
    reason: firstReason(failure),
  };
}

/** The first human-readable message in a bad row's failure (the list view shows it). */
function firstReason(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = firstReason(item);
      if (found) return found;
    }
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    for (const key of ['message', 'expectation']) if (typeof record[key] === 'string') return record[key] as string;
    for (const value of Object.values(record)) {
      const found = firstReason(value);
      if (found) return found;
    }
  }
  return null;
}

export function createMicroApiRouter(options: MicroApiOptions): Router {
  const { store } = options;
  const router = express.Router();
  router.use((request, response, next) => {
    allowCors(request, response);
    if (request.method === 'OPTIONS') {
      response.status(200).end();
      return;
    }
    next();
  });
  router.use(express.json({ limit: '1mb' }));

  const withFilterErrors = (handler: (request: Request, response: Response) => void) => (request: Request, response: Response) => {
    try {
      handler(request, response);
    } catch (error) {
      if (error instanceof FilterError) response.status(400).json({ error: error.message });
      else throw error;
    }
  };

  router.all('/all', (_request, response) => {
    response.json(store.counts());
  });
  router.all(
    '/good',
    withFilterErrors((request, response) => {
      response.json(filterGood(store.records(), requestFilters(request)).map((record) => record.good));
    }),
  );
  router.all(
    '/bad',
    withFilterErrors((request, response) => {
      response.json(filterBad(store.records(), requestFilters(request)).map((record) => record.bad));
    }),
  );
  router.all('/reset', (_request, response) => {
    store.reset();
    response.type('text/plain').send('Reset completed');
  });
  router.all(
    '/events',
    withFilterErrors((request, response) => {
      const body = requestFilters(request);
      if (request.method === 'GET') {
        const { page, pageSize, validEvents, ...columns } = body;
        const filters = Object.entries(columns).map(([column, value]) => ({ column, values: String(value).split(',') }));
        const valid = validEvents === undefined ? undefined : validEvents === 'true';
        response.json(queryEvents(store.records(), parseEventsQuery({ filters, page, pageSize, validEvents: valid })));
      } else {
        response.json(queryEvents(store.records(), parseEventsQuery(body)));
      }
    }),
  );
  router.get('/event/:seq', (request, response) => {
    const record = store.find(Number(request.params.seq));
    if (!record) {
      response.status(404).json({ error: `no event ${request.params.seq} (it may have left the ring: --max-events)` });
      return;
    }
    response.json(record.kind === 'good' ? { summary: summarise(record), ...record.good } : { summary: summarise(record), ...record.bad });
  });
  router.get('/recent', (request, response) => {
    const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? 200) || 200));
    const records = store.records();
    response.json(records.slice(Math.max(0, records.length - limit)).reverse().map(summarise));
  });
  router.get('/stats', (_request, response) => {
    response.json(dashboardStats(store.records()));
  });
  router.get('/stream', (request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    response.write(': connected\n\n');
    const unsubscribe = store.subscribe((record) => {
      response.write(`event: ${record.kind}\ndata: ${JSON.stringify(summarise(record))}\n\n`);
    });
    // A comment every 15 s keeps proxies from closing an idle stream.
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    request.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
  router.get('/iglu/:vendor/:name/jsonschema/:version', async (request, response) => {
    const { vendor, name, version } = request.params;
    const uri = `iglu:${vendor}/${name}/jsonschema/${version}`;
    if (!/^\d+-\d+-\d+$/.test(version)) {
      response.status(400).json({ error: `version must be MODEL-REVISION-ADDITION, got "${version}"` });
      return;
    }
    const schema = options.lookupSchema ? await options.lookupSchema(uri) : undefined;
    if (schema === undefined) response.status(404).json({ value: { embedded: { errors: [{ error: 'NotFound' }], attempts: 1 } }, uri });
    else response.json(schema);
  });
  for (const directory of options.uiDirectories ?? []) {
    router.use('/ui', express.static(directory, { index: 'index.html', maxAge: 0 }));
  }
  router.use((_request, response) => {
    response.status(404).type('text/plain').send(`Supported endpoints: ${SUPPORTED.join(', ')}`);
  });
  return router;
}
