// The live inspector in a real browser: new events appear within a second, filters narrow the list, a bad row
// shows its reason with the offending field marked, and the dashboard draws its charts. Screenshots are saved
// in test-artifacts/ for people to look at.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snowlineConfigSchema } from '../cli/config/schema.ts';
import { startMicro, type RunningMicro } from '../cli/micro/start-micro.ts';
import { launchChromium } from '../test-support/chromium.ts';

const ARTIFACTS = 'test-artifacts/inspector';

describe('the live inspector', () => {
  let micro: RunningMicro;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    micro = await startMicro(snowlineConfigSchema.parse({ collector: { port: 0 } }), { maxEvents: 1000, outputTsv: false, outputJson: false, log: () => undefined });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${micro.url}/micro/ui/`);
    await page.waitForSelector('#connection:not(.offline)');
  });
  afterAll(async () => {
    await browser?.close();
    await micro?.stop();
  });

  it('shows a new event within a second of it being sent', async () => {
    const sentAt = Date.now();
    await fetch(`${micro.url}/i?e=pv&aid=web-shop&p=web&tv=t&url=https%3A%2F%2Fshop.example.com%2Fshoes&uid=alice`);
    await page.waitForSelector('#events tbody tr >> text=page_view', { timeout: 1000 });
    expect(Date.now() - sentAt).toBeLessThan(1000);
    await page.screenshot({ path: `${ARTIFACTS}/live.png` });
  });

  it('filters the list by app', async () => {
    await fetch(`${micro.url}/i?e=se&se_ca=cart&se_ac=add&aid=kiosk&p=web&tv=t`);
    await page.waitForSelector('#events tbody tr >> text=kiosk');
    await page.fill('input[name=appId]', 'kiosk');
    const apps = await page.$$eval('#events tbody tr td:nth-child(5)', (cells) => cells.map((cell) => cell.textContent));
    expect(apps).toEqual(['kiosk']);
    await page.fill('input[name=appId]', '');
  });

  it('shows an event in detail with its enriched fields and raw request', async () => {
    await page.click('#events tbody tr >> text=page_view');
    await page.waitForSelector('#detail h2');
    const detail = await page.textContent('#detail');
    expect(detail).toContain('page_urlhost');
    expect(detail).toContain('shop.example.com');
    expect(detail).toContain('raw request');
  });

  it("shows a bad row's reason and marks the offending field", async () => {
    await fetch(`${micro.url}/i?e=pv&p=web&tv=t&aid=broken&vid=not-a-number`);
    await page.click('nav button[data-tab=bad]');
    await page.click('#bad-rows tbody tr >> nth=0');
    await page.waitForSelector('#bad-detail .reason');
    const reasons = await page.$$eval('#bad-detail .reason', (nodes) => nodes.map((node) => node.textContent ?? ''));
    expect(reasons.join(' ')).toMatch(/vid|integer|number/i);
    expect(await page.$$eval('#bad-detail tr.offending td:first-child', (cells) => cells.map((cell) => cell.textContent))).toContain('vid');
    await page.screenshot({ path: `${ARTIFACTS}/bad-row.png` });
  });

  it('draws the dashboard charts, also on a phone-sized screen', async () => {
    await page.click('nav button[data-tab=dashboard]');
    await page.waitForSelector('#cards .card svg');
    const titles = await page.$$eval('#cards .card h2', (nodes) => nodes.map((node) => node.textContent));
    expect(titles).toEqual(expect.arrayContaining(['Events per minute (last hour)', 'Page views per day', 'Top pages', 'Bad-row rate']));
    expect(await page.$$eval('#cards svg .bar', (bars) => bars.length)).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-phone.png`, fullPage: true });
  });
});
