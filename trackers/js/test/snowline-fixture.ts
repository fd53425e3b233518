// A running Snowline (collector + enrich + PostgreSQL) for the end-to-end browser tests, with click redirects to
// the test pages allowed.
import { afterAll, beforeAll } from 'vitest';
import { startSnowline, type RunningSnowline, type StartSnowlineOptions } from '../../../test-support/snowline.ts';

export function startSnowlineForBrowserTests(options: StartSnowlineOptions = {}, collector: Record<string, unknown> = {}) {
  return startSnowline({
    ...options,
    config: { collector: { redirect: { enabled: true, allowedHosts: ['127.0.0.1'] }, ...collector } },
  });
}

/**
 * For a test file: one Snowline started before its tests and stopped after them. Call at the top level; the
 * returned object stands for the running pipeline once the tests run.
 */
export function useSnowlineForBrowserTests(): RunningSnowline {
  let running: RunningSnowline | undefined;
  beforeAll(async () => {
    running = await startSnowlineForBrowserTests();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return new Proxy({} as RunningSnowline, {
    get(_target, key) {
      if (!running) throw new Error('Snowline is not running yet: use it inside a test');
      const value = Reflect.get(running, key) as unknown;
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}
