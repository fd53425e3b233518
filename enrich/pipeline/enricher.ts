// The Enricher: a collector payload in, its good events and bad rows out. Synchronous, deterministic (given the
// clock for etl_tstamp) and never throws: an unexpected error becomes an enrichment_failures bad row.

import { adapt, type AdapterContext } from '../adapters/adapt.ts';
import type { RawEvent } from '../adapters/raw-event.ts';
import { collectorPayloadForBadRow, makeBadRow, type BadRow, type Processor } from '../model/bad-row.ts';
import type { CollectorPayload } from '../model/collector-payload.ts';
import type { EnrichedEvent } from '../model/enriched-event.ts';
import { enrichEvent, type EventPipeline } from './enrich-event.ts';
import { eventBadRow, rawEventForBadRow } from './event-bad-row.ts';

export interface EnrichResult {
  good: EnrichedEvent[];
  bad: BadRow[];
  /** Events the JavaScript enrichment dropped on purpose (counted, so no event disappears unnoticed). */
  dropped: number;
}

export interface Enricher {
  /** Synchronous: schemas come from the embedded registries and the cache only. */
  enrich(payload: CollectorPayload): EnrichResult;
  /** As `enrich`, but first fetches schemas from HTTP registries when the synchronous attempt needed them. */
  enrichAsync(payload: CollectorPayload): Promise<EnrichResult>;
  /** Whether `enrichAsync` can differ from `enrich` (HTTP registries are configured). */
  readonly usesNetwork: boolean;
  /** Enriches one already-adapted raw event (used by `snowline replay` for schema violations). */
  enrichRawEvent(raw: RawEvent): EnrichResult;
}

export interface EnricherParts {
  readonly processor: Processor;
  readonly clock: () => number;
  readonly adapterContext: AdapterContext;
  readonly pipeline: EventPipeline;
  /** HTTP schema lookups that synchronous enrichment deferred; null without HTTP registries. */
  readonly network: { hasPending(): boolean; fetchPending(): Promise<void> } | null;
}

/** How often enrichAsync fetches and retries: a schema can reference no further schemas, so two rounds suffice. */
const NETWORK_ROUNDS = 3;

function internalErrorRow(parts: EnricherParts, error: unknown, payload: unknown): BadRow {
  return makeBadRow(
    'enrichment_failures',
    parts.processor,
    {
      timestamp: new Date(parts.clock()).toISOString(),
      messages: [{ enrichment: null, message: { error: `internal error: ${(error as Error)?.stack ?? String(error)}` } }],
    },
    payload,
  );
}

export function buildEnricher(parts: EnricherParts): Enricher {
  const { processor, clock, adapterContext, pipeline } = parts;

  function enrichOne(raw: RawEvent, now: number, result: EnrichResult): void {
    try {
      const outcome = enrichEvent(raw, now, pipeline);
      switch (outcome.kind) {
        case 'good':
          result.good.push(outcome.event);
          for (const extra of outcome.extraEvents) result.good.push(extra);
          return;
        case 'dropped':
          result.dropped++;
          return;
        default:
          result.bad.push(eventBadRow(outcome.kind, processor, now, outcome.messages, outcome.event, raw));
      }
    } catch (error) {
      result.bad.push(internalErrorRow(parts, error, { raw: rawEventForBadRow(raw) }));
    }
  }

  function enrich(payload: CollectorPayload): EnrichResult {
    const result: EnrichResult = { good: [], bad: [], dropped: 0 };
    const now = clock();
    try {
      const adapted = adapt(payload, adapterContext);
      if (!adapted.ok) {
        const { failure } = adapted;
        result.bad.push(
          makeBadRow(
            failure.kind,
            processor,
            { timestamp: new Date(now).toISOString(), vendor: failure.vendor, version: failure.version, messages: failure.messages },
            collectorPayloadForBadRow(payload, failure.vendor, failure.version),
          ),
        );
        return result;
      }
      for (const raw of adapted.events) enrichOne(raw, now, result);
    } catch (error) {
      result.bad.push(internalErrorRow(parts, error, collectorPayloadForBadRow(payload, '', '')));
    }
    return result;
  }

  return {
    enrich,
    usesNetwork: parts.network !== null,
    async enrichAsync(payload) {
      let result = enrich(payload);
      for (let round = 0; round < NETWORK_ROUNDS && parts.network !== null && parts.network.hasPending(); round++) {
        await parts.network.fetchPending();
        result = enrich(payload);
      }
      return result;
    },
    enrichRawEvent(raw) {
      const result: EnrichResult = { good: [], bad: [], dropped: 0 };
      enrichOne(raw, clock(), result);
      return result;
    },
  };
}
