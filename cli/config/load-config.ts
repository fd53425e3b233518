// Reads snowline.config.json or .yaml, applies environment overrides for secrets, and validates the result
// against the one schema. Every error names the key and what was expected. The result is frozen.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { snowlineConfigSchema, type SnowlineConfig } from './schema.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const DEFAULT_FILES = ['snowline.config.json', 'snowline.config.yaml', 'snowline.config.yml'];

/** Environment variables that override config keys (secrets stay out of the file). */
const ENV_OVERRIDES: ReadonlyArray<{ readonly variable: string; readonly key: readonly string[] }> = [
  { variable: 'SNOWLINE_POSTGRES_URL', key: ['storage', 'postgresUrl'] },
];

function formatIssues(issues: readonly z.core.$ZodIssue[], source: string): string {
  const lines = issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
      return `  ${issue.keys.map((unknown) => `${where}${unknown}`).join(', ')}: unknown key`;
    }
    return `  ${key}: ${issue.message}`;
  });
  return `invalid configuration in ${source}:\n${lines.join('\n')}`;
}

function readFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`cannot parse ${file}: ${(error as Error).message}`);
  }
}

function setKey(target: Record<string, unknown>, key: readonly string[], value: unknown): void {
  let node = target;
  for (const part of key.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[key[key.length - 1]!] = value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export interface LoadedConfig {
  readonly config: SnowlineConfig;
  /** The file it came from, or undefined when only defaults apply. */
  readonly file: string | undefined;
}

/**
 * Loads the configuration: `explicitFile` if given (it must exist), else the first default file in `cwd`, else
 * the defaults. `overrides` (from command-line flags) win over the file; environment variables win over both.
 */
export function loadConfig(options: {
  explicitFile?: string;
  cwd?: string;
  overrides?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let file: string | undefined;
  if (options.explicitFile !== undefined) {
    file = path.resolve(cwd, options.explicitFile);
    if (!existsSync(file)) throw new ConfigError(`config file ${file} does not exist`);
  } else {
    file = DEFAULT_FILES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
  }
  const raw = file ? readFile(file) : {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${file}: the configuration must be an object with one section per stage`);
  }
  const merged = structuredClone(raw) as Record<string, unknown>;
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value !== undefined) setKey(merged, key.split('.'), value);
  }
  for (const { variable, key } of ENV_OVERRIDES) {
    const value = env[variable];
    if (value !== undefined && value !== '') setKey(merged, key, value);
  }
  const result = snowlineConfigSchema.safeParse(merged);
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues, file ?? 'command-line options'));
  return { config: deepFreeze(result.data), file };
}
