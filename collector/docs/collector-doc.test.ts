import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectorConfigSchema } from '../config.ts';
import { COLLECTOR_DOC, withGeneratedOptions } from './write-collector-doc.ts';

describe('docs/collector.md', () => {
  it('documents every collector option exactly as the schema defines it (regenerate: node scripts/run-ts.mjs collector/docs/write-collector-doc.ts)', () => {
    const document = readFileSync(COLLECTOR_DOC, 'utf8');
    expect(document).toBe(withGeneratedOptions(document));
  });

  it('names every key of the schema, nested ones included', () => {
    const document = readFileSync(COLLECTOR_DOC, 'utf8');
    const defaults = collectorConfigSchema.parse({}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(defaults)) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && key !== 'paths') {
        for (const nested of Object.keys(value)) expect(document).toContain(`\`collector.${key}.${nested}\``);
      } else expect(document).toContain(`\`collector.${key}\``);
    }
  });
});
