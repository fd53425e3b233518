// 2013-era raw inputs, so old archives can be re-processed (reference: snowplow-2013.md §4.2 to §4.4):
// CloudFront access logs (W3C extended, tab-separated, columns named by the `#Fields:` header, double
// %-encoding from September 2013) and Clojure-collector Tomcat access logs (the same layout, written by a
// valve that appends `&cv=clj-…&nuid=<sp cookie>` to the query string). Each data line becomes a raw record.

import { RAW_RECORD_SCHEMA, type CollectorPayload, type DecodedPayload } from '../model/collector-payload.ts';
import { uuidV5 } from '../pipeline/event-id.ts';

export type AccessLogFormat = 'cloudfront' | 'clj-tomcat';

/** CloudFront's column order before any `#Fields:` header is seen (and the Clojure valve's, which mimics it). */
export const DEFAULT_FIELDS = [
  'date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'sc-status',
  'cs(Referer)', 'cs(User-Agent)', 'cs-uri-query', 'cs(Cookie)', 'x-edge-result-type', 'x-edge-request-id',
] as const;

const LEGACY_RECORD_NAMESPACE = Buffer.from('3b9f0c6e2a7d4c1b8e5f6a7b8c9d0e1f', 'hex');
const TRACKER_PATH = /^\/(i|ice\.png)(\?.*)?$|^\/ice\.png/;

export type AccessLogLine = { kind: 'header' } | { kind: 'skip'; reason: string } | DecodedPayload;

/** CloudFront re-encodes `%` as `%25` (double encoding); undo it once, as the 2013 ETL's singleEncodePcts did. */
export function singleEncodePercents(text: string): string {
  return text.replace(/%25([0-9A-Fa-f]{2})/g, '%$1');
}

function decodeLenient(text: string, plusIsSpace: boolean): string {
  const prepared = plusIsSpace ? text.replace(/\+/g, ' ') : text;
  try {
    return decodeURIComponent(prepared);
  } catch {
    return prepared;
  }
}

function missing(value: string | undefined): boolean {
  return value === undefined || value === '' || value === '-';
}

/** Reads the lines of one access-log file, remembering the `#Fields:` header. */
export class AccessLogReader {
  private fields: readonly string[] = DEFAULT_FIELDS;

  constructor(
    private readonly format: AccessLogFormat,
    /** Identifies the file in derived record ids (its name), so re-processing gives the same event ids. */
    private readonly sourceName: string,
  ) {}

  read(line: string, lineNumber: number): AccessLogLine {
    if (line.startsWith('#Version:')) return { kind: 'header' };
    if (line.startsWith('#Fields:')) {
      this.fields = line.slice('#Fields:'.length).trim().split(/\s+/);
      return { kind: 'header' };
    }
    const values = line.split('\t');
    const column = (name: string): string | undefined => {
      const index = this.fields.indexOf(name);
      return index === -1 ? undefined : values[index];
    };
    const date = column('date');
    const time = column('time');
    const path = column('cs-uri-stem');
    if (values.length < 12 || missing(date) || missing(time) || missing(path)) {
      return { ok: false, message: 'Line does not match CloudFront header or data row formats' };
    }
    if (!TRACKER_PATH.test(path!)) return { kind: 'skip', reason: `path ${path} is not a tracker path` };
    const timestamp = Date.parse(`${date}T${time}Z`);
    if (Number.isNaN(timestamp)) return { ok: false, message: `invalid date and time: ${date} ${time}` };
    const cloudFront = this.format === 'cloudfront';
    const rawQuery = column('cs-uri-query') ?? '';
    const querystring = missing(rawQuery) ? '' : cloudFront ? singleEncodePercents(rawQuery) : rawQuery;
    const rawReferer = column('cs(Referer)');
    const referer = missing(rawReferer) ? null : decodeLenient((cloudFront ? singleEncodePercents(rawReferer!) : rawReferer!).replace(/%$/, ''), false);
    const rawUserAgent = column('cs(User-Agent)');
    const userAgent = missing(rawUserAgent) ? null : decodeLenient(cloudFront ? singleEncodePercents(rawUserAgent!) : rawUserAgent!, !cloudFront);
    const ip = column('c-ip');
    const host = column('cs(Host)');
    const payload: CollectorPayload = {
      schema: RAW_RECORD_SCHEMA,
      id: uuidV5(LEGACY_RECORD_NAMESPACE, `${this.format}:${this.sourceName}:${lineNumber}`),
      ipAddress: missing(ip) ? '' : ip!,
      timestamp,
      encoding: 'UTF-8',
      collector: this.format,
      userAgent,
      refererUri: referer,
      path: path!.startsWith('/ice.png') ? '/ice.png' : '/i',
      querystring,
      body: null,
      headers: [],
      contentType: null,
      hostname: missing(host) ? null : host!,
      networkUserId: '',
    };
    return { ok: true, payload };
  }
}

/** Guesses the format of a raw input from its first line: NDJSON raw records, CloudFront or Clojure logs. */
export function detectInputFormat(firstLine: string): 'raw' | AccessLogFormat {
  if (firstLine.startsWith('{')) return 'raw';
  if (firstLine.startsWith('#Version:') || firstLine.startsWith('#Fields:')) return 'cloudfront';
  return /&cv=clj-/.test(firstLine) ? 'clj-tomcat' : 'cloudfront';
}
