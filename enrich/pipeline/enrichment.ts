// The contract every configurable enrichment implements. Enrichments run in a fixed order after the built-in
// steps; each may set fields, add derived entities, fail the event, or (the JavaScript enrichment) drop it.

import type { RawEvent } from '../adapters/raw-event.ts';
import type { EnrichedEvent } from '../model/enriched-event.ts';
import type { SelfDescribing } from './self-describing.ts';

export interface EnrichmentContext {
  readonly raw: RawEvent;
  /** Entities from `co`/`cx`; enrichments may change them (PII pseudonymisation, JavaScript). */
  contexts: SelfDescribing[];
  /** The self-describing event from `ue_pr`/`ue_px`, if any. */
  unstruct: SelfDescribing | null;
  /** Entities added by enrichments, written to `derived_contexts`. */
  readonly derivedContexts: SelfDescribing[];
  /** Page URL query parameters, decoded once on first use (campaign attribution, cross-navigation). */
  pageQuery(): ReadonlyMap<string, string> | null;
  /** Set by an enrichment that rewrote `contexts` or the self-describing event, so phase 3 validates them again. */
  revalidate: boolean;
  /** Set by the JavaScript enrichment when the user function drops the event. */
  dropped: boolean;
  /** Extra good events an enrichment emits alongside this one (PII `emitEvent`). */
  readonly extraEvents: EnrichedEvent[];
}

export interface EnrichmentFailureMessage {
  enrichment: { schemaKey: string; identifier: string } | null;
  message: { error: string } | { field: string; value: string | null; expectation: string };
}

export interface Enrichment {
  /** Short identifier used in bad rows and logs, e.g. `ua_parser`. */
  readonly identifier: string;
  /** The Iglu schema of this enrichment's configuration, named in enrichment_failures bad rows. */
  readonly schemaKey: string;
  /** Applies to one event; returns failure messages (none on success). Must not throw on bad data. */
  apply(event: EnrichedEvent, context: EnrichmentContext): readonly EnrichmentFailureMessage[] | null;
}
