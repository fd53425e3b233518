// docs/sql.md documents every recipe: a heading per view with the question it answers and an example result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listRecipes } from './recipes.ts';

const docs = readFileSync(new URL('../docs/sql.md', import.meta.url), 'utf8');

describe('docs/sql.md', () => {
  it.each(listRecipes().map((recipe) => [recipe.name, recipe.answers]))('documents %s with what it answers and an example', (name, answers) => {
    const section = docs.split(`#### \`${name}\`\n`)[1]?.split('\n#### ')[0];
    expect(section, `no section for ${name}`).toBeDefined();
    expect(section!.toLowerCase()).toContain(answers.toLowerCase());
    expect(section).toMatch(/On the fixture: \d+ rows/);
    expect(section).toMatch(/\n\|[^\n]+\|\n\|---/);
  });
});
