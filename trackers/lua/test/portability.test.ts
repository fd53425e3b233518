// The tracker's Lua must stay in the subset every target runs (STYLE.md, rule 12): a static check of the source,
// beside the suite that runs it on every interpreter.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { luaTrackerDir } from '../index.ts';

const files = ['snowline.lua', ...readdirSync(path.join(luaTrackerDir, 'snowline')).map((file) => `snowline/${file}`)].filter((file) =>
  file.endsWith('.lua'),
);

/** The code of a Lua file with comments and string literals blanked out. */
function codeOnly(source: string): string {
  return source
    .replace(/--\[(=*)\[[\s\S]*?\]\1\]/g, ' ')
    .replace(/\[(=*)\[[\s\S]*?\]\1\]/g, '""')
    .replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, '""')
    .replace(/--[^\n]*/g, ' ');
}

const FORBIDDEN: [string, RegExp][] = [
  ['integer division //', /\/\//],
  ['bit operator', /<<|>>|&|\||~(?!=)/],
  ['goto', /\bgoto\b/],
  ['math.type (5.3+)', /math\.type/],
  ['utf8 library (5.3+)', /\butf8\./],
  ['table.unpack / unpack (differ between 5.1 and 5.3)', /\bunpack\s*\(/],
  ['load with a string (5.1 has loadstring)', /\bload\s*\(/],
  ['setfenv / getfenv (5.1 only)', /\b[sg]etfenv\b/],
];

describe('the tracker source stays portable Lua', () => {
  for (const file of files) {
    it(`${file} uses nothing that one of 5.1, 5.3, 5.4, LuaJIT or fengari lacks`, () => {
      const code = codeOnly(readFileSync(path.join(luaTrackerDir, file), 'utf8'));
      const found = FORBIDDEN.filter(([, pattern]) => pattern.test(code)).map(([name]) => name);
      expect(found).toEqual([]);
    });
  }

  it('checks every module the rockspec installs', () => {
    expect(files.length).toBeGreaterThanOrEqual(16);
  });
});
