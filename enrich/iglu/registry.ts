// Iglu registries: directories in the static Iglu layout (`schemas/<vendor>/<name>/<format>/<version>`, files
// without extension) read synchronously, and HTTP registries (static or Iglu Server `/api`) read asynchronously.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaPath, type SchemaKey } from './schema-key.ts';

export type LookupOutcome =
  | { kind: 'found'; schema: Record<string, unknown> }
  | { kind: 'not_found' }
  | { kind: 'error'; message: string };

export interface EmbeddedRegistry {
  readonly kind: 'embedded';
  readonly name: string;
  readonly priority: number;
  readonly vendorPrefixes: readonly string[];
  lookup(key: SchemaKey): LookupOutcome;
}

export interface HttpRegistry {
  readonly kind: 'http';
  readonly name: string;
  readonly priority: number;
  readonly vendorPrefixes: readonly string[];
  lookup(key: SchemaKey): Promise<LookupOutcome>;
}

export type Registry = EmbeddedRegistry | HttpRegistry;

function parseSchemaText(text: string, where: string): LookupOutcome {
  try {
    const schema: unknown = JSON.parse(text);
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      return { kind: 'error', message: `${where} is not a JSON object` };
    }
    return { kind: 'found', schema: schema as Record<string, unknown> };
  } catch (error) {
    return { kind: 'error', message: `${where} is not valid JSON: ${(error as Error).message}` };
  }
}

/** A directory holding `schemas/…` (or the `schemas` directory itself). */
export function embeddedRegistry(options: { name: string; path: string; priority?: number; vendorPrefixes?: string[] }): EmbeddedRegistry {
  const root = options.path;
  return {
    kind: 'embedded',
    name: options.name,
    priority: options.priority ?? 0,
    vendorPrefixes: options.vendorPrefixes ?? [],
    lookup(key) {
      for (const base of [join(root, 'schemas'), root]) {
        const file = join(base, schemaPath(key));
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'ENOTDIR') continue;
          return { kind: 'error', message: `cannot read ${file}: ${(error as Error).message}` };
        }
        return parseSchemaText(text, file);
      }
      return { kind: 'not_found' };
    },
  };
}

/** A registry over HTTP: `<uri>/schemas/<vendor>/<name>/<format>/<version>`, with an optional Iglu Server api key. */
export function httpRegistry(options: {
  name: string;
  uri: string;
  apiKey?: string | null;
  priority?: number;
  vendorPrefixes?: string[];
  timeoutMs: number;
}): HttpRegistry {
  const base = options.uri.replace(/\/+$/, '');
  return {
    kind: 'http',
    name: options.name,
    priority: options.priority ?? 0,
    vendorPrefixes: options.vendorPrefixes ?? [],
    async lookup(key) {
      const url = `${base}/schemas/${schemaPath(key)}`;
      try {
        const response = await fetch(url, {
          headers: options.apiKey ? { apikey: options.apiKey } : {},
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (response.status === 404) return { kind: 'not_found' };
        if (!response.ok) return { kind: 'error', message: `${url} answered HTTP ${response.status}` };
        return parseSchemaText(await response.text(), url);
      } catch (error) {
        return { kind: 'error', message: `${url}: ${(error as Error).message}` };
      }
    },
  };
}
