// The platform-free tracker: turns an event's fields into a complete payload (event id, timestamps, tracker
// fields, global and per-event entities) and hands it to an emitter. Platforms add their own fields through
// `decorate` (the browser: page URL, cookies, session) and never change how payloads are built.
import { list } from './list.ts';
import { addField, addJson, uuidV4, type Payload, type SelfDescribingJson } from './payload.ts';

/** `dtm` (device created, the default) or a user-supplied true timestamp `ttm`, in ms since the epoch. */
export type Timestamp = number | { type: 'dtm' | 'ttm'; value: number };

/** What a context generator or filter sees. */
export interface ContextEvent {
  event: Payload;
  eventType: string;
  eventSchema?: string;
}
export type ContextGenerator = (event: ContextEvent) => SelfDescribingJson | SelfDescribingJson[] | null | undefined;
export type ContextFilter = (event: ContextEvent) => boolean;
/** An entity, a function producing entities, or `[filter, entities]` that applies only when the filter is true. */
export type GlobalContext =
  | SelfDescribingJson
  | ContextGenerator
  | [ContextFilter, SelfDescribingJson | ContextGenerator | Array<SelfDescribingJson | ContextGenerator>];

export interface TrackerCoreOptions {
  /** Fields of every event, in wire names: `tv` (tracker version), `tna` (namespace), `aid`, `p` (platform). */
  _trackerFields: Partial<Record<'tv' | 'tna' | 'aid' | 'p', string>>;
  /** Base64url for `cx`/`ue_px` (GET default) or plain JSON in `co`/`ue_pr` (POST default). */
  _encodeBase64: boolean;
  /** Adds platform fields and entities just before the event is complete. */
  _decorate?(payload: Payload, entities: SelfDescribingJson[]): void;
  /** Receives each complete payload (normally an emitter's `input`). */
  _emit(payload: Payload): void;
}

export interface TrackerCore {
  /**
   * Completes one event and hands it to `_emit`. A self-describing event comes as `fields` `{e: 'ue'}` plus the
   * event, which is wrapped and encoded here.
   */
  _track(fields: Payload, entities?: readonly SelfDescribingJson[], timestamp?: Timestamp | null, selfDescribingEvent?: SelfDescribingJson): void;
  addGlobalContexts(contexts: GlobalContext[] | Record<string, GlobalContext>): void;
  /** Removes global contexts given by name, or by value (same object, or equal JSON for entities). */
  removeGlobalContexts(contexts: Array<GlobalContext | string>): void;
  clearGlobalContexts(): void;
}

const sameContext = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a == 'object' && JSON.stringify(a) === JSON.stringify(b));

export function createTrackerCore(options: TrackerCoreOptions): TrackerCore {
  const globalContexts = new Map<unknown, GlobalContext>();

  /** The entities of the global contexts whose filter (if any) takes the event; generators run here. */
  const globalEntities = (event: ContextEvent): SelfDescribingJson[] =>
    [...globalContexts.values()].flatMap((context) => {
      const [filter, contexts] = Array.isArray(context) ? context : [null, context];
      return !filter || filter(event)
        ? list(contexts).flatMap((item) => list((typeof item == 'function' ? item(event) : item) ?? []))
        : [];
    });

  return {
    _track(fields, entities = [], timestamp, selfDescribingEvent) {
      const payload: Payload = { ...fields, eid: uuidV4() };
      if (selfDescribingEvent) addJson(payload, options._encodeBase64, 'ue_px', 'ue_pr', 'unstruct_event', selfDescribingEvent);
      const { type, value } = (typeof timestamp == 'object' && timestamp) || { type: 'dtm', value: timestamp ?? Date.now() };
      payload[type == 'ttm' ? 'ttm' : 'dtm'] = String(value);
      for (const key in options._trackerFields) addField(payload, key, options._trackerFields[key as 'tv']);
      const allEntities = [...entities];
      options._decorate?.(payload, allEntities);
      allEntities.push(...globalEntities({ event: payload, eventType: payload.e!, eventSchema: selfDescribingEvent?.schema }));
      // Entities go last: in a GET URL they are the longest part, and the official tracker orders them so.
      if (allEntities.length) addJson(payload, options._encodeBase64, 'cx', 'co', 'contexts', allEntities);
      options._emit(payload);
    },
    addGlobalContexts(contexts) {
      if (Array.isArray(contexts)) for (const context of contexts) globalContexts.set(context, context);
      else for (const name in contexts) globalContexts.set(name, contexts[name]!);
    },
    removeGlobalContexts(contexts) {
      for (const context of contexts) {
        for (const [key, value] of globalContexts) if (key === context || sameContext(value, context)) globalContexts.delete(key);
      }
    },
    clearGlobalContexts() {
      globalContexts.clear();
    },
  };
}
