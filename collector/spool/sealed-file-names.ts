import { readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

// Spool and sealed files share one name: `<UTC time the file was opened>-<hostId>-<seq>.ndjson`. The time is written
// with fixed widths (`20261129T082800123Z`), so names sort in time order as plain strings.

export const SPOOL_FILE_SUFFIX = '.ndjson';

export function spoolDirectory(dataDir: string): string {
  return path.join(dataDir, 'raw', 'spool');
}

export function sealedDirectory(dataDir: string): string {
  return path.join(dataDir, 'raw', 'sealed');
}

/** Collector bad rows (size violations, torn records found at start) are spooled and sealed like raw records. */
export function badSpoolDirectory(dataDir: string): string {
  return path.join(dataDir, 'raw', 'bad-spool');
}

export function badSealedDirectory(dataDir: string): string {
  return path.join(dataDir, 'raw', 'bad');
}

/** A host id made of lower-case letters and digits only, so that `-` can separate the parts of a file name. */
export function defaultHostId(): string {
  const cleaned = hostname().toLowerCase().replace(/[^a-z0-9]/g, '');
  return cleaned.length > 0 ? cleaned.slice(0, 32) : 'collector';
}

export function sortableUtcTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

export function spoolFileName(openedAtMs: number, hostId: string, sequence: number): string {
  return `${sortableUtcTime(openedAtMs)}-${hostId}-${String(sequence).padStart(6, '0')}${SPOOL_FILE_SUFFIX}`;
}

const NAME_PATTERN = /^(\d{8}T\d{9}Z)-([a-z0-9]+)-(\d{6,})\.ndjson$/;

export function parseSpoolFileName(name: string): { time: string; hostId: string; sequence: number } | null {
  const match = NAME_PATTERN.exec(name);
  if (!match) return null;
  return { time: match[1]!, hostId: match[2]!, sequence: Number(match[3]) };
}

/** Names of the spool-named files in a directory, in time order (missing directory: none). */
export async function listSpoolNamedFiles(directory: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((name) => parseSpoolFileName(name) !== null).sort();
}
