// One headless Chromium, one page server and one recording collector per test file, started on 127.0.0.1.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../../test-support/chromium.ts';
import { startPageServer, asyncSnippet, html, type PageServer } from './page-server.ts';
import { startRecordingCollector, type RecordingCollector } from './recording-collector.ts';

export interface BrowserFixture {
  browser: Browser;
  pages: PageServer;
  collector: RecordingCollector;
  /** A fresh browser context (own cookies and storage) and page; closed after the test. */
  newPage(options?: Parameters<Browser['newContext']>[0]): Promise<{ context: BrowserContext; page: Page }>;
  /** A page loading sp.js by the async snippet, then running `commands` (JS source calling `snowplow(...)`). */
  tagPage(path: string, commands: string, body?: string, title?: string): string;
}

export function useBrowserFixture(): BrowserFixture {
  const contexts: BrowserContext[] = [];
  const fixture = {} as BrowserFixture;
  beforeAll(async () => {
    fixture.browser = await launchChromium();
    fixture.pages = await startPageServer();
    fixture.collector = await startRecordingCollector();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    fixture.collector.requests.length = 0;
    fixture.collector.events().length = 0;
    fixture.collector.answer = () => 200;
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.pages?.stop();
    await fixture.collector?.stop();
  });
  fixture.newPage = async (options = {}) => {
    const context = await fixture.browser.newContext({ viewport: { width: 1000, height: 700 }, ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw new Error(`page error: ${error.message}`);
    });
    return { context, page };
  };
  fixture.tagPage = (path, commands, body = '', title = 'Tag page') => {
    fixture.pages.page(path, html(title, `${asyncSnippet('/sp.js')}<script>${commands}</script>`, body));
    return fixture.pages.url + path;
  };
  return fixture;
}

/** `snowplow('newTracker', ...)` for the fixture's collector with test-friendly retry delays. */
export function newTrackerCommand(collectorUrl: string, configuration: Record<string, unknown> = {}, name = 'sp1'): string {
  return `snowplow('newTracker', ${JSON.stringify(name)}, ${JSON.stringify(collectorUrl)}, ${JSON.stringify({ appId: 'test-app', retryDelayMs: 200, maxRetryDelayMs: 400, ...configuration })});`;
}

/** Decodes the entities of an event (`co` or base64url `cx`). */
export function entitiesOf(event: Record<string, string>): Array<{ schema: string; data: Record<string, unknown> }> {
  const json = event.co ?? (event.cx ? Buffer.from(event.cx, 'base64url').toString() : '{"data":[]}');
  return JSON.parse(json).data;
}

/** Decodes the self-describing event of an event (`ue_pr` or base64url `ue_px`). */
export function selfDescribingOf(event: Record<string, string>): { schema: string; data: Record<string, unknown> } {
  const json = event.ue_pr ?? Buffer.from(event.ue_px!, 'base64url').toString();
  return JSON.parse(json).data;
}
