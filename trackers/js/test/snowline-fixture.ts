// A running Snowline (collector + enrich + PostgreSQL) for the end-to-end browser tests, with click redirects to
// the test pages allowed and the form-submission schema resolvable.
import { fileURLToPath } from 'node:url';
import { TEST_IGLU_REGISTRY } from '../../../test-support/iglu.ts';
import { startSnowline, type StartSnowlineOptions } from '../../../test-support/snowline.ts';

/** submit_form/1-0-0, which the embedded registry does not carry. */
export const TRACKER_IGLU_REGISTRY = fileURLToPath(new URL('./iglu', import.meta.url));

export function startSnowlineForBrowserTests(options: StartSnowlineOptions = {}, collector: Record<string, unknown> = {}) {
  return startSnowline({
    ...options,
    config: {
      collector: { redirect: { enabled: true, allowedHosts: ['127.0.0.1'] }, ...collector },
      enrich: { iglu: { embeddedRegistryPaths: [TEST_IGLU_REGISTRY, TRACKER_IGLU_REGISTRY] } },
    },
  });
}
