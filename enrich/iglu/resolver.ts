// The Iglu resolver (reference: snowplow-modern.md §7.3): registries whose vendor prefixes match first, embedded
// before HTTP, then ascending priority. Results are cached (LRU, TTL). Enriching is synchronous, so HTTP lookups
// happen between attempts: a synchronous lookup that would need the network records the key as pending, and
// `fetchPending` resolves those (with retries) so the caller can enrich again.

import type { EmbeddedRegistry, HttpRegistry, LookupOutcome, Registry } from './registry.ts';
import { parseSchemaUri, type SchemaKey } from './schema-key.ts';

export interface LookupAttempt {
  repository: string;
  errors: ({ error: 'NotFound' } | { error: 'RepoFailure'; message: string } | { error: 'NotFetchedYet' })[];
  attempts: number;
}

export type Resolution =
  | { kind: 'found'; schema: Record<string, unknown> }
  | { kind: 'missing'; lookupHistory: LookupAttempt[] }
  | { kind: 'pending'; lookupHistory: LookupAttempt[] };

export interface ResolverOptions {
  readonly cacheSize: number;
  readonly cacheTtlMs: number | null;
  /** Extra attempts for an HTTP registry that fails with anything other than 404. */
  readonly httpRetries: number;
  readonly retryDelayMs: number;
  readonly clock?: () => number;
}

interface CacheEntry {
  readonly resolution: Resolution;
  readonly expiresAtMs: number;
}

export class Resolver {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly pending = new Set<string>();
  private readonly clock: () => number;

  constructor(
    private readonly registries: readonly Registry[],
    private readonly options: ResolverOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** Registries in lookup order for a vendor. */
  private ordered(vendor: string): Registry[] {
    const matches = (registry: Registry) => registry.vendorPrefixes.some((prefix) => vendor.startsWith(prefix));
    return [...this.registries].sort(
      (a, b) =>
        Number(matches(b)) - Number(matches(a)) ||
        Number(a.kind === 'http') - Number(b.kind === 'http') ||
        a.priority - b.priority,
    );
  }

  private cached(uri: string): Resolution | null {
    const entry = this.cache.get(uri);
    if (entry === undefined) return null;
    if (entry.expiresAtMs <= this.clock()) {
      this.cache.delete(uri);
      return null;
    }
    this.cache.delete(uri);
    this.cache.set(uri, entry);
    return entry.resolution;
  }

  private remember(uri: string, resolution: Resolution): void {
    const ttl = this.options.cacheTtlMs;
    this.cache.set(uri, { resolution, expiresAtMs: ttl === null ? Number.POSITIVE_INFINITY : this.clock() + ttl });
    while (this.cache.size > this.options.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Resolves from the cache and embedded registries only; HTTP registries not yet asked make it `pending`. */
  resolveSync(uri: string): Resolution {
    const cached = this.cached(uri);
    if (cached !== null) return cached;
    const key = parseSchemaUri(uri);
    if (key === null) return { kind: 'missing', lookupHistory: [] };
    const history: LookupAttempt[] = [];
    for (const registry of this.ordered(key.vendor)) {
      if (registry.kind === 'http') {
        this.pending.add(uri);
        history.push({ repository: registry.name, errors: [{ error: 'NotFetchedYet' }], attempts: 0 });
        return { kind: 'pending', lookupHistory: history };
      }
      const outcome = (registry as EmbeddedRegistry).lookup(key);
      if (outcome.kind === 'found') {
        const found: Resolution = { kind: 'found', schema: outcome.schema };
        this.remember(uri, found);
        return found;
      }
      history.push(attemptOf(registry.name, outcome, 1));
    }
    const missing: Resolution = { kind: 'missing', lookupHistory: history };
    this.remember(uri, missing);
    return missing;
  }

  /** Keys that synchronous lookups could not answer without the network. */
  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Looks every pending key up in order, HTTP registries included, retrying failures, and caches the outcome. */
  async fetchPending(): Promise<void> {
    const uris = [...this.pending];
    this.pending.clear();
    await Promise.all(uris.map((uri) => this.resolveWithNetwork(uri)));
  }

  private async resolveWithNetwork(uri: string): Promise<void> {
    const key = parseSchemaUri(uri) as SchemaKey;
    const history: LookupAttempt[] = [];
    for (const registry of this.ordered(key.vendor)) {
      const outcome = registry.kind === 'embedded' ? registry.lookup(key) : await this.lookupWithRetries(registry, key, history);
      if (outcome.kind === 'found') {
        this.remember(uri, { kind: 'found', schema: outcome.schema });
        return;
      }
      if (registry.kind === 'embedded') history.push(attemptOf(registry.name, outcome, 1));
    }
    this.remember(uri, { kind: 'missing', lookupHistory: history });
  }

  private async lookupWithRetries(registry: HttpRegistry, key: SchemaKey, history: LookupAttempt[]): Promise<LookupOutcome> {
    let outcome: LookupOutcome = { kind: 'not_found' };
    let attempts = 0;
    const errors: LookupAttempt['errors'] = [];
    for (let attempt = 0; attempt <= this.options.httpRetries; attempt++) {
      attempts++;
      outcome = await registry.lookup(key);
      if (outcome.kind !== 'error') break;
      errors.push({ error: 'RepoFailure', message: outcome.message });
      if (attempt < this.options.httpRetries) await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs * (attempt + 1)));
    }
    if (outcome.kind === 'not_found') errors.push({ error: 'NotFound' });
    if (outcome.kind !== 'found') history.push({ repository: registry.name, errors, attempts });
    return outcome;
  }

  describe(): string[] {
    return this.registries.map((registry) => `${registry.name} (${registry.kind}, priority ${registry.priority})`);
  }
}

function attemptOf(repository: string, outcome: LookupOutcome, attempts: number): LookupAttempt {
  return {
    repository,
    errors: [outcome.kind === 'error' ? { error: 'RepoFailure', message: outcome.message } : { error: 'NotFound' }],
    attempts,
  };
}

