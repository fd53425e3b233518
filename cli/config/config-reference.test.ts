import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationReferenceMarkdown, exampleConfigJson } from './config-reference.ts';
import { loadConfig } from './load-config.ts';

describe('the generated configuration reference', () => {
  it('is up to date with the schema (run `npm run docs:config` after changing a config.ts)', () => {
    expect(readFileSync('docs/configuration.md', 'utf8')).toBe(configurationReferenceMarkdown());
    expect(readFileSync('snowline.config.example.json', 'utf8')).toBe(exampleConfigJson());
  });

  it('ships an example config that start-up accepts as it is', () => {
    const { config } = loadConfig({ explicitFile: 'snowline.config.example.json', env: {} });
    expect(config.collector.port).toBe(8080);
  });
});
