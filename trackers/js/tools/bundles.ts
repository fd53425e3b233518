// The two bundles the size benchmark and the browser tests compare: Snowline's sp.js and the official
// @snowplow/browser-tracker with the link-click plugin, both built by esbuild in this process.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const trackerRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const projectRoot = path.dirname(path.dirname(trackerRoot));

/**
 * The official tracker with the features the size target names (page views, activity tracking, self-describing
 * events, link clicks), exposed as `window.officialSnowplow` so that test pages can drive it.
 */
const OFFICIAL_ENTRY = `
import { newTracker, trackPageView, enableActivityTracking, trackSelfDescribingEvent, trackStructEvent, setUserId } from '@snowplow/browser-tracker';
import { LinkClickTrackingPlugin, enableLinkClickTracking } from '@snowplow/browser-plugin-link-click-tracking';
window.officialSnowplow = { newTracker, trackPageView, enableActivityTracking, trackSelfDescribingEvent, trackStructEvent, setUserId, LinkClickTrackingPlugin, enableLinkClickTracking };
`;

async function bundle(options: Parameters<typeof build>[0]): Promise<string> {
  const result = await build({ bundle: true, format: 'iife', target: 'es2020', legalComments: 'none', write: false, logLevel: 'error', ...options });
  return result.outputFiles![0]!.text;
}

/** sp.js exactly as `npm run build` makes it (the options of trackers/js/build.targets.mjs). */
export async function buildSpJs(): Promise<string> {
  const targets = (await import(path.join(trackerRoot, 'build.targets.mjs'))).default(projectRoot) as Array<Record<string, unknown>>;
  const { outfile: _outfile, ...options } = targets.find((target) => String(target.outfile).endsWith('sp.js'))!;
  return bundle(options);
}

export async function buildOfficialTracker(minify = true): Promise<string> {
  return bundle({ stdin: { contents: OFFICIAL_ENTRY, resolveDir: projectRoot, loader: 'js' }, minify });
}

/** Bytes of the text minified (as given) and gzipped at the highest level. */
export function gzipSize(text: string): number {
  return gzipSync(Buffer.from(text), { level: 9 }).length;
}
