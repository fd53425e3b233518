// The bad row of an input line that is not a valid raw record (or access-log line); the line itself is the
// payload, so it can be fixed and replayed.

import { makeBadRow, type BadRow, type Processor } from '../model/bad-row.ts';
import { ENRICH_ARTIFACT, ENRICH_VERSION } from '../version.ts';

const PROCESSOR: Processor = { artifact: ENRICH_ARTIFACT, version: ENRICH_VERSION };

export function formatViolationRow(line: string, message: string, now: number, loader = 'snowline-ndjson'): BadRow {
  return makeBadRow('collector_payload_format_violation', PROCESSOR, { timestamp: new Date(now).toISOString(), loader, message: { error: message } }, line);
}
