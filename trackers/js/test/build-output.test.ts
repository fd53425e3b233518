// What `npm run build` leaves in dist/ for the browser tracker: sp.js for the tag, an ES module and its types.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { html } from './page-server.ts';
import { useBrowserFixture } from './browser-fixture.ts';

const fixture = useBrowserFixture();
const root = path.resolve(import.meta.dirname, '../../..');

describe('the build output', () => {
  it('sp.js is one minified script that defines no module exports', () => {
    const sp = readFileSync(path.join(root, 'dist/sp.js'), 'utf8');
    // One IIFE, without the "use strict" prologue (build.targets.mjs leaves it out: sp.js relies on nothing it changes).
    expect(sp.startsWith('(()=>{')).toBe(true);
    expect(sp).not.toMatch(/\bexport\s*\{/);
    expect(sp.split('\n').length).toBeLessThanOrEqual(2);
  });

  it('the ES module tracks from a <script type="module"> page', async () => {
    const { pages, collector } = fixture;
    pages.page(
      '/esm',
      html('ES module', `<script type="module">
        import { newTracker, trackPageView, trackStructEvent } from '/tracker/index.js';
        const tracker = newTracker('esm', ${JSON.stringify(collector.url)}, { appId: 'esm-app' });
        trackPageView();
        tracker.trackStructEvent({ category: 'esm', action: 'direct' });
        trackStructEvent({ category: 'esm', action: 'by-id' }, ['esm']);
      </script>`),
    );
    const { page } = await fixture.newPage();
    await page.goto(pages.url + '/esm');
    const events = await collector.waitForEvents((e) => e.aid == 'esm-app', 3);
    expect(events.map((e) => e.se_ac ?? e.e)).toEqual(['pv', 'direct', 'by-id']);
  });

  it('the type declarations type-check a consumer and reject a wrong argument', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tracker-types-'));
    const consumer = (body: string) => {
      writeFileSync(path.join(dir, 'consumer.ts'), `import { newTracker, trackStructEvent, type TrackerConfiguration } from '${path.join(root, 'dist/tracker/index.js')}';\n${body}\n`);
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false, allowImportingTsExtensions: true }, files: ['consumer.ts'] }),
      );
      try {
        execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
        return '';
      } catch (error) {
        return String((error as { stdout: string }).stdout);
      }
    };
    expect(consumer(`const options: TrackerConfiguration = { appId: 'a', bufferSize: 2 };\nnewTracker('t', 'https://c.example', options).trackPageView({ title: 'x' });\ntrackStructEvent({ category: 'c', action: 'a' });`)).toBe('');
    expect(consumer(`trackStructEvent({ category: 'c' });`)).toContain("Property 'action' is missing");
  });
});
