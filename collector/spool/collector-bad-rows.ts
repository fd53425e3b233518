import { BAD_ROW_SCHEMAS, type BadRow, type BadRowType } from '../../enrich/index.ts';
import { SNOWLINE_COLLECTOR_VERSION } from '../collector-name.ts';

const PROCESSOR = { artifact: 'snowline-collector', version: SNOWLINE_COLLECTOR_VERSION };

function collectorBadRow(type: BadRowType, failure: unknown, payload: unknown): BadRow {
  return { schema: BAD_ROW_SCHEMAS[type], data: { processor: { ...PROCESSOR }, failure, payload } };
}

/**
 * A raw record larger than `maxPayloadSizeBytes` (reference 2.4): the payload keeps the first tenth of the
 * limit, like Snowplow's collector, so the bad row itself stays small.
 */
export function sizeViolationBadRow(recordLine: string, maximumAllowedSizeBytes: number, nowMs: number): BadRow {
  const actualSizeBytes = Buffer.byteLength(recordLine);
  return collectorBadRow(
    'size_violation',
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
  return collectorBadRow(
    'collector_payload_format_violation',
    {
      timestamp: new Date(nowMs).toISOString(),
      loader: 'snowline-spool-recovery',
      message: { error: `torn or unreadable raw record in spool file ${spoolFile}; kept aside, never parsed as an event` },
    },
    line,
  );
}
