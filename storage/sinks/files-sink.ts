// Files sink: good events as TSV and bad rows as NDJSON in part files, rotated by size and age, optionally gzipped.
// Readers only ever see sealed parts (good/part-*.tsv[.gz], bad/part-*.ndjson[.gz]): the part being written lives in
// .open/ and is renamed into place when whole. A journal in .open/ records, after the data is fsynced, every stored
// batch id and where its data ends, so that after a crash the open part is cut back to the last whole batch and a
// re-delivered batch is recognised and skipped.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { createBufferedSink, DEFAULT_RETRY_POLICY, type SinkDestination } from './buffered-sink.ts';
import type { Sink, SinkBatch } from './sink.ts';

export interface FilesSinkOptions {
  readonly name: string;
  readonly directory: string;
  /** A part is sealed once its good file reaches this size. */
  readonly maxPartBytes: number;
  /** A part is sealed once it has been open this long (checked on every flush tick). */
  readonly maxPartAgeMs: number;
  readonly gzip: boolean;
  readonly maxBufferedBytes: number;
  readonly flushIntervalMs: number;
}

interface JournalEntry {
  readonly batchId: string;
  readonly part: string;
  readonly goodEnd: number;
  readonly badEnd: number;
}

interface OpenPart {
  readonly name: string;
  readonly openedAtMs: number;
  readonly good: FileHandle;
  readonly bad: FileHandle;
  goodBytes: number;
  badBytes: number;
}

const OPEN_DIRECTORY = '.open';
const JOURNAL_FILE = 'journal.ndjson';

async function fsyncDirectory(directory: string) {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function createFilesDestination(options: FilesSinkOptions): SinkDestination {
  const openDirectory = path.join(options.directory, OPEN_DIRECTORY);
  const journalPath = path.join(openDirectory, JOURNAL_FILE);
  const storedBatchIds = new Set<string>();
  let journal: FileHandle | undefined;
  let part: OpenPart | undefined;
  let partSequence = 0;

  const openGoodPath = (name: string) => path.join(openDirectory, `${name}.tsv`);
  const openBadPath = (name: string) => path.join(openDirectory, `${name}.ndjson`);

  async function readJournal(): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await readFile(journalPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // A crash mid-append leaves a partial last line; cut it off so the next entry starts on a line of its own.
    const wholeLength = text.lastIndexOf('\n') + 1;
    if (wholeLength < text.length) {
      await truncate(journalPath, Buffer.byteLength(text.slice(0, wholeLength)));
      text = text.slice(0, wholeLength);
    }
    const entries: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      // A line cut by a crash is the entry of a batch whose storing never completed: it does not count.
      if (!line.endsWith('}')) continue;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {
        continue;
      }
    }
    return entries;
  }

  /** Cuts each part left open by a crash back to its last journaled batch, then seals it. */
  async function recoverOpenParts(entries: readonly JournalEntry[]) {
    const lastEntryOfPart = new Map<string, JournalEntry>();
    for (const entry of entries) lastEntryOfPart.set(entry.part, entry);
    const names = new Set(
      (await readdir(openDirectory)).filter((file) => file.startsWith('part-')).map((file) => file.replace(/\.(tsv|ndjson)$/, '')),
    );
    for (const name of [...names].sort()) {
      const last = lastEntryOfPart.get(name);
      for (const [file, end] of [[openGoodPath(name), last?.goodEnd ?? 0], [openBadPath(name), last?.badEnd ?? 0]] as const) {
        await truncate(file, end).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      }
      await sealPart(name);
    }
  }

  // Part names start with their opening time; each is later than every part already on disk, so names never collide
  // (a restart within the same millisecond) and name order is write order.
  let lastPartMs = 0;
  async function findLastPartMs() {
    for (const folder of ['good', 'bad', OPEN_DIRECTORY]) {
      for (const name of await readdir(path.join(options.directory, folder))) {
        const match = /^part-(\d{14})-/.exec(name);
        if (match) lastPartMs = Math.max(lastPartMs, Number(match[1]));
      }
    }
  }

  async function openPart(): Promise<OpenPart> {
    const openedAtMs = Math.max(Date.now(), lastPartMs + 1);
    lastPartMs = openedAtMs;
    const name = `part-${String(openedAtMs).padStart(14, '0')}-${process.pid}-${partSequence++}`;
    const good = await open(openGoodPath(name), 'a');
    const bad = await open(openBadPath(name), 'a');
    return { name, openedAtMs, good, bad, goodBytes: 0, badBytes: 0 };
  }

  /** Moves one open file into its visible folder, gzipping it on the way when asked; empty files are dropped. */
  async function publish(source: string, folder: string, finalName: string) {
    let size: number;
    try {
      size = (await stat(source)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (size === 0) {
      await rm(source);
      return;
    }
    const target = path.join(options.directory, folder, options.gzip ? `${finalName}.gz` : finalName);
    if (options.gzip) {
      const staging = `${source}.gz`;
      await pipeline(createReadStream(source), createGzip(), createWriteStream(staging));
      const handle = await open(staging, 'r');
      await handle.sync();
      await handle.close();
      await rename(staging, target);
      await rm(source);
    } else {
      await rename(source, target);
    }
    await fsyncDirectory(path.join(options.directory, folder));
  }

  async function sealPart(name: string) {
    await publish(openGoodPath(name), 'good', `${name}.tsv`);
    await publish(openBadPath(name), 'bad', `${name}.ndjson`);
    await fsyncDirectory(openDirectory);
  }

  async function sealCurrentPart() {
    if (!part) return;
    const sealing = part;
    part = undefined;
    await sealing.good.close();
    await sealing.bad.close();
    await sealPart(sealing.name);
  }

  const partIsDue = (current: OpenPart) =>
    current.goodBytes + current.badBytes >= options.maxPartBytes || Date.now() - current.openedAtMs >= options.maxPartAgeMs;

  return {
    name: options.name,
    async healthCheck() {
      await mkdir(options.directory, { recursive: true });
      const probe = path.join(options.directory, `.health-${process.pid}`);
      const handle = await open(probe, 'w');
      await handle.close();
      await rm(probe);
    },
    async prepare() {
      for (const folder of [OPEN_DIRECTORY, 'good', 'bad']) await mkdir(path.join(options.directory, folder), { recursive: true });
      await findLastPartMs();
      const entries = await readJournal();
      for (const entry of entries) storedBatchIds.add(entry.batchId);
      await recoverOpenParts(entries);
      journal = await open(journalPath, 'a');
    },
    async store(batches) {
      let alreadyStored = 0;
      const fresh: SinkBatch[] = [];
      for (const batch of batches) {
        if (storedBatchIds.has(batch.batchId) || fresh.some((other) => other.batchId === batch.batchId)) alreadyStored++;
        else fresh.push(batch);
      }
      if (fresh.length === 0) return { alreadyStored };
      part ??= await openPart();
      const current = part;
      const entries: JournalEntry[] = [];
      let goodText = '';
      let badText = '';
      for (const batch of fresh) {
        for (const line of batch.good) goodText += line + '\n';
        for (const line of batch.bad) badText += line + '\n';
        entries.push({
          batchId: batch.batchId,
          part: current.name,
          goodEnd: current.goodBytes + Buffer.byteLength(goodText),
          badEnd: current.badBytes + Buffer.byteLength(badText),
        });
      }
      if (goodText) await current.good.write(goodText);
      if (badText) await current.bad.write(badText);
      await Promise.all([current.good.sync(), current.bad.sync()]);
      current.goodBytes = entries.at(-1)!.goodEnd;
      current.badBytes = entries.at(-1)!.badEnd;
      // Only now, with the data on disk, do the batches count as stored.
      await journal!.write(entries.map((entry) => JSON.stringify(entry) + '\n').join(''));
      await journal!.sync();
      for (const entry of entries) storedBatchIds.add(entry.batchId);
      if (partIsDue(current)) await sealCurrentPart();
      return { alreadyStored };
    },
    isTransient: () => false,
    async tick() {
      if (part && partIsDue(part)) await sealCurrentPart();
    },
    async release() {
      await sealCurrentPart();
      await journal?.close();
      journal = undefined;
    },
  };
}

export function createFilesSink(options: FilesSinkOptions): Sink {
  return createBufferedSink(createFilesDestination(options), {
    maxBufferedBytes: options.maxBufferedBytes,
    flushIntervalMs: options.flushIntervalMs,
    retry: DEFAULT_RETRY_POLICY,
  });
}
