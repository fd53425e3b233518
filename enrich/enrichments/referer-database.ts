// A referer database in the community referer-parser layout (JSON or YAML):
// `{ "<medium>": { "<source>": { "domains": [...], "parameters": [...] } } }`, where a domain may carry a path
// prefix (`bing.com/images`). Snowline ships one in `data/referers.json`; users may supply their own.

import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

export interface RefererSource {
  readonly medium: string;
  readonly source: string;
  readonly parameters: readonly string[];
}

export interface RefererDatabase {
  /** The source of a referrer host and path, trying host+path, the host, then its parent domains. */
  lookup(host: string, path: string | null): RefererSource | null;
  readonly size: number;
}

export function buildRefererDatabase(layout: unknown, origin: string): RefererDatabase {
  if (typeof layout !== 'object' || layout === null || Array.isArray(layout)) {
    throw new Error(`referer database ${origin}: expected an object of media`);
  }
  const byHost = new Map<string, RefererSource>();
  const byHostPath = new Map<string, { prefix: string; source: RefererSource }[]>();
  let size = 0;
  for (const [medium, sources] of Object.entries(layout as Record<string, unknown>)) {
    if (typeof sources !== 'object' || sources === null) throw new Error(`referer database ${origin}: medium ${medium} is not an object`);
    for (const [name, definition] of Object.entries(sources as Record<string, unknown>)) {
      const { domains, parameters } = (definition ?? {}) as { domains?: unknown; parameters?: unknown };
      if (!Array.isArray(domains) || !domains.every((domain) => typeof domain === 'string')) {
        throw new Error(`referer database ${origin}: ${medium}/${name} needs a list of domains`);
      }
      const source: RefererSource = {
        medium,
        source: name,
        parameters: Array.isArray(parameters) ? parameters.filter((parameter): parameter is string => typeof parameter === 'string') : [],
      };
      size++;
      for (const domain of domains as string[]) {
        const slash = domain.indexOf('/');
        if (slash === -1) {
          byHost.set(domain.toLowerCase(), source);
        } else {
          const host = domain.slice(0, slash).toLowerCase();
          const list = byHostPath.get(host) ?? [];
          list.push({ prefix: domain.slice(slash), source });
          byHostPath.set(host, list);
        }
      }
    }
  }
  return {
    size,
    lookup(rawHost, path) {
      let host = rawHost.toLowerCase();
      for (;;) {
        const withPath = byHostPath.get(host);
        if (withPath !== undefined && path !== null) {
          for (const candidate of withPath) if (path.startsWith(candidate.prefix)) return candidate.source;
        }
        const found = byHost.get(host);
        if (found !== undefined) return found;
        const dot = host.indexOf('.');
        if (dot === -1 || host.indexOf('.', dot + 1) === -1) return null;
        host = host.slice(dot + 1);
      }
    },
  };
}

export async function loadRefererDatabase(path: string): Promise<RefererDatabase> {
  const text = await readFile(path, 'utf8');
  const layout: unknown = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  return buildRefererDatabase(layout, path);
}
