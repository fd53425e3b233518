import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const snowline = (...args: string[]) => spawnSync(process.execPath, ['bin/snowline.js', 'pixel', ...args], { encoding: 'utf8' });

describe('snowline pixel', () => {
  it('prints an <img> tag for a structured-event pixel', () => {
    const run = snowline('struct', '--collector', 'https://c.example.com', '--category', 'email', '--action', 'open', '--app-id', 'news', '--html');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      '<img src="https://c.example.com/i?e=se&amp;se_ca=email&amp;se_ac=open&amp;tv=no-js-snowline-0.1.0&amp;aid=news&amp;p=web" width="1" height="1" alt="" style="border:0;width:1px;height:1px" />\n',
    );
  });

  it('prints a page-view pixel URL and a click link', () => {
    const pageView = snowline('page-view', '--collector', 'https://c.example.com', '--url', 'https://example.com/a b', '--title', 'A & B');
    expect(pageView.stdout.trim()).toBe('https://c.example.com/i?e=pv&url=https%3A%2F%2Fexample.com%2Fa%20b&page=A%20%26%20B&tv=no-js-snowline-0.1.0&p=web');
    const click = snowline('click', '--collector', 'https://c.example.com', '--target', 'https://example.com/offer', '--html', '--link-text', 'Offer');
    expect(click.stdout.trim()).toBe('<a href="https://c.example.com/r/tp2?u=https%3A%2F%2Fexample.com%2Foffer&amp;tv=no-js-snowline-0.1.0&amp;p=web">Offer</a>');
  });

  it('answers usage errors with exit code 2 and a pixel over the size limit with exit code 1', () => {
    const missing = snowline('struct', '--collector', 'https://c.example.com', '--category', 'email');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--category and --action go together');
    const tooLong = snowline('page-view', '--collector', 'https://c.example.com', '--title', 'x'.repeat(300), '--max-url-bytes', '200');
    expect(tooLong.status).toBe(1);
    expect(tooLong.stderr).toMatch(/over the limit of 200/);
  });
});
