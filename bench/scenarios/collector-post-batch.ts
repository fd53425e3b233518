import { startChildServer } from '../lib/child-process.ts';
import { collectorComparisons, compareUnderLoad, durableFloorFigures, durableFloorServer, failedAnswers, roundsNote, startBuiltCollector } from '../lib/measure-http-server.ts';
import type { BenchScenario } from '../scenario.ts';

const TP2 = '/com.snowplowanalytics.snowplow/tp2';

/** A tp2 body of 10 events shaped like the browser tracker's (about 2 KB in all). */
function batchBody(): string {
  const data = Array.from({ length: 10 }, (_, index) => ({
    e: index % 2 === 0 ? 'pv' : 'se',
    url: `https://shop.example.com/catalog/item-${index}?utm_source=newsletter`,
    page: `Item ${index}`,
    eid: `2ec13853-ef9e-414a-8976-e64a4693b1${String(index).padStart(2, '0')}`,
    tv: 'js-4.10.1',
    tna: 'sp',
    aid: 'bench',
    p: 'web',
    cookie: '1',
    lang: 'en-GB',
    res: '1920x1080',
    tz: 'Europe/London',
    dtm: '1665398554084',
    stm: '1665398554090',
    sid: 'be9520e7-16a5-4d4e-afa1-8e269f99a1cf',
    duid: '85094061-f702-4b62-a46d-20f7226b4741',
  }));
  return JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data });
}

const scenario: BenchScenario = {
  name: 'collector-post-batch',
  summary:
    'POST tp2 with 10-event batches: the Snowline collector as users run it (built CLI, raw record fsynced before every answer) against a bare node:http server that reads and JSON.parses the same bodies and writes nothing.',
  async run({ durationMs, tmpDir, log }) {
    const body = batchBody();
    const compared = await compareUnderLoad({
      request: { target: TP2, method: 'POST', headers: { 'Content-Type': 'application/json; charset=UTF-8' }, body },
      durationMs,
      log,
      baseline: { name: 'bare node:http + JSON.parse', start: (port) => startChildServer('bench/servers/bare-json-post-server.ts', [String(port)]) },
      snowline: { name: 'snowline collector', start: startBuiltCollector(tmpDir) },
      floor: durableFloorServer(tmpDir),
    });
    const { snowline } = compared;
    return {
      comparisons: collectorComparisons({ metric: `POST tp2, 10-event batches (${body.length} bytes), 50 connections`, compared, targetRatio: 0.7 }),
      figures: [
        ...durableFloorFigures(compared),
        { metric: 'collector events/s (10 per request)', unit: 'events/s', value: snowline.full.requestsPerSecond * 10 },
        { metric: 'collector p99 at half rate', unit: 'ms', value: snowline.half.p99Ms, note: 'aim: under 20 ms' },
        { metric: 'collector peak RSS', unit: 'MB', value: snowline.peakRssBytes / 1e6, note: 'aim: under 150 MB' },
        { metric: 'collector answers at full rate that were not 2xx, or failed', unit: '', value: failedAnswers(snowline.fullRuns) },
      ],
      notes: [roundsNote(compared, durationMs)],
    };
  },
};

export default scenario;
