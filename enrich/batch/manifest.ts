// The batch manifest: one NDJSON line per input file whose outputs are complete, appended (and fsynced) only
// after both outputs were renamed into place. A re-run skips inputs listed with the same size and modification
// time, so an interrupted run resumes where it stopped; an input that changed is processed again.

import { open, readFile } from 'node:fs/promises';

export interface ManifestEntry {
  readonly input: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
  readonly good: string;
  readonly bad: string;
  readonly records: number;
  readonly goodEvents: number;
  readonly badRows: number;
  readonly dropped: number;
  readonly skipped: number;
  readonly completedAt: string;
}

export async function readManifest(path: string): Promise<Map<string, ManifestEntry>> {
  const entries = new Map<string, ManifestEntry>();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return entries;
    throw error;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as ManifestEntry;
      entries.set(entry.input, entry);
    } catch {
      // A torn last line from a crash mid-append: that input was not recorded, so it is processed again.
    }
  }
  return entries;
}

export async function appendManifest(path: string, entry: ManifestEntry): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.write(`${JSON.stringify(entry)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
