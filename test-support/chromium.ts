// Headless Chromium from Debian through playwright-core (no browser download). The flags keep Chromium from
// reaching for the network at start, which this machine refuses.
import { chromium, type Browser } from 'playwright-core';
import { requireTool } from './require-tool.ts';

export async function launchChromium(): Promise<Browser> {
  const executablePath = requireTool('chromium', 'chromium', ['/usr/bin/chromium']);
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu'],
  });
}
