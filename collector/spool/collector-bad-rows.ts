import { makeBadRow, type BadRow } from '../../enrich/model/bad-row.ts';
import { SNOWLINE_COLLECTOR_VERSION } from '../collector-name.ts';

const PROCESSOR = { artifact: 'snowline-collector', version: SNOWLINE_COLLECTOR_VERSION };

/**
 * A raw record larger than `maxPayloadSizeBytes` (reference 2.4): the payload keeps the first tenth of the
 * limit, like Snowplow's collector, so the bad row itself stays small.
 */
export function sizeViolationBadRow(recordLine: string, maximumAllowedSizeBytes: number, nowMs: number): BadRow {
  const actualSizeBytes = Buffer.byteLength(recordLine);
  return makeBadRow(
    'size_violation',
    PROCESSOR,
    {
      timestamp: new Date(nowMs).toISOString(),
      maximumAllowedSizeBytes,
      actualSizeBytes,
      expectation: `oversized collector payload: Payload exceeds max size of ${maximumAllowedSizeBytes}. Actual length: ${actualSizeBytes}`,
    },
    recordLine.slice(0, Math.floor(maximumAllowedSizeBytes / 10)),
  );
}

/** A spool line found at start that is not a whole raw record (the tail of a write cut short by a crash). */
export function tornRecordBadRow(line: string, spoolFile: string, nowMs: number): BadRow {
  return makeBadRow(
    'collector_payload_format_violation',
    PROCESSOR,
    {
      timestamp: new Date(nowMs).toISOString(),
      loader: 'snowline-spool-recovery',
      message: { error: `torn or unreadable raw record in spool file ${spoolFile}; kept aside, never parsed as an event` },
    },
    line,
  );
}
