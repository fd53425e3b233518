// sp.js against the official @snowplow/browser-tracker with the same features (page views, activity tracking,
// self-describing events, link clicks), both bundled in this run and gzipped at level 9: sp.js exactly as
// `npm run build` makes it (esbuild, then terser), the official tracker bundled and minified by esbuild.
import { buildOfficialTracker, buildSpJs, gzipSize } from '../../trackers/js/tools/bundles.ts';
import type { BenchScenario } from '../scenario.ts';

const scenario: BenchScenario = {
  name: 'tracker-size',
  summary: 'Size of sp.js (every feature of the Snowline browser tracker) against the official browser tracker with page views, activity tracking, self-describing events and link clicks, sp.js as `npm run build` makes it (esbuild, then terser), the official tracker minified by esbuild, both gzipped at level 9.',
  async run({ log }) {
    log('building sp.js (esbuild, then terser) and bundling @snowplow/browser-tracker + link-click plugin with esbuild');
    const [ours, official] = await Promise.all([buildSpJs(), buildOfficialTracker()]);
    const oursGzip = gzipSize(ours);
    const officialGzip = gzipSize(official);
    log(`sp.js ${ours.length} B min, ${oursGzip} B gzip; official ${official.length} B min, ${officialGzip} B gzip`);
    return {
      comparisons: [
        {
          metric: 'browser tracker, minified + gzip -9',
          unit: 'bytes',
          baseline: { name: '@snowplow/browser-tracker 4.10.1 + link-click plugin', value: officialGzip },
          snowline: { name: 'sp.js', value: oursGzip },
          higherIsBetter: false,
          targetRatio: 1 / 3,
        },
        {
          metric: 'browser tracker, minified',
          unit: 'bytes',
          baseline: { name: '@snowplow/browser-tracker 4.10.1 + link-click plugin', value: official.length },
          snowline: { name: 'sp.js', value: ours.length },
          higherIsBetter: false,
        },
      ],
      notes: [
        'sp.js carries every feature of the Snowline tracker (forms, ecommerce, screen views, cross-domain linking, global entities, the v2 tag API); the official bundle only the four features named.',
      ],
    };
  },
};

export default scenario;
