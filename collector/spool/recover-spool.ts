import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { decodeCollectorPayload } from '../../enrich/index.ts';
import type { BadRow } from '../../enrich/index.ts';
import { tornRecordBadRow } from './collector-bad-rows.ts';
import { syncDirectory } from './directory-sync.ts';
import { listSpoolNamedFiles } from './sealed-file-names.ts';

export interface SpoolRecoveryResult {
  /** Sealed paths of the recovered files, in time order. */
  readonly sealedPaths: string[];
  readonly keptRecords: number;
  readonly badRows: BadRow[];
}

/**
 * Seals every spool file a previous run left open (it crashed or was killed). Each line that is a whole raw record
 * is kept; anything else (the torn tail of a write cut short, or bytes the crash garbled) is taken out and
 * returned as a bad row, so it is never parsed as an event. Acknowledged records were fsynced before their answer,
 * so they are all whole.
 */
export async function recoverSpool(
  spoolDir: string,
  sealedDir: string,
  nowMs: number,
  isWholeRecord: (line: string) => boolean = (line) => decodeCollectorPayload(line).ok,
): Promise<SpoolRecoveryResult> {
  await mkdir(spoolDir, { recursive: true });
  await mkdir(sealedDir, { recursive: true });
  const sealedPaths: string[] = [];
  const badRows: BadRow[] = [];
  let keptRecords = 0;
  for (const name of await readdir(spoolDir)) {
    // A crash during an earlier recovery leaves a half-written copy; the original is still in place.
    if (name.endsWith('.repaired')) await rm(path.join(spoolDir, name), { force: true });
  }
  for (const name of await listSpoolNamedFiles(spoolDir)) {
    const spoolPath = path.join(spoolDir, name);
    const content = await readFile(spoolPath, 'utf8');
    const kept: string[] = [];
    let rewriteNeeded = false;
    const lines = content.split('\n');
    // The element after the final newline is empty for a clean file and the torn tail otherwise.
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      if (index === lines.length - 1 && line.length === 0) break;
      if (index < lines.length - 1 && isWholeRecord(line)) kept.push(line);
      else {
        rewriteNeeded = true;
        if (line.length > 0) badRows.push(tornRecordBadRow(line, name, nowMs));
      }
    }
    if (kept.length === 0) {
      await rm(spoolPath, { force: true });
      continue;
    }
    if (rewriteNeeded) {
      const repairedPath = `${spoolPath}.repaired`;
      const handle = await open(repairedPath, 'w');
      try {
        await handle.writeFile(kept.join('\n') + '\n');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(repairedPath, spoolPath);
    }
    const sealedPath = path.join(sealedDir, name);
    await rename(spoolPath, sealedPath);
    keptRecords += kept.length;
    sealedPaths.push(sealedPath);
  }
  await syncDirectory(sealedDir);
  await syncDirectory(spoolDir);
  return { sealedPaths, keptRecords, badRows };
}
