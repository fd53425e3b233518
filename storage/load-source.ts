// `snowline load`: loads every enriched TSV file (`.tsv`, `.tsv.gz`) of a folder or an S3 prefix into one target.
// Each file is one batch whose id is its path or key, so loading the same source again loads nothing twice.
// A PostgreSQL target streams each file straight into COPY; other targets receive the file's lines as a batch.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createPostgresLoader } from './postgres/loader.ts';
import type { SchemaSource } from './postgres/shredder.ts';
import { readLineChunks } from './read-lines.ts';
import { parseS3Url } from './s3/client.ts';
import type { Sink } from './sinks/sink.ts';

export interface EnrichedSourceFile {
  /** The batch id: path relative to the folder, or s3://bucket/key. */
  readonly batchId: string;
  readonly sizeBytes: number;
  readonly modifiedAtMs: number;
  open(): Promise<Readable>;
}

const isEnrichedFile = (name: string) => /\.tsv(\.gz)?$/.test(name);

async function listFolder(folder: string): Promise<EnrichedSourceFile[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `${folder} does not exist` : error.code === 'ENOTDIR' ? `${folder} is not a folder` : error.message, { cause: error });
  });
  const files: EnrichedSourceFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !isEnrichedFile(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file);
    files.push({
      batchId: path.relative(folder, file),
      sizeBytes: info.size,
      modifiedAtMs: info.mtimeMs,
      open: async () => {
        const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
        return file.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
      },
    });
  }
  return files.sort((a, b) => a.batchId.localeCompare(b.batchId));
}

async function listS3(client: S3Client, url: string): Promise<EnrichedSourceFile[]> {
  const { bucket, prefix } = parseS3Url(url);
  const files: EnrichedSourceFile[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const key = object.Key!;
      if (!isEnrichedFile(key) || key.includes('/_tmp/')) continue;
      files.push({
        batchId: `s3://${bucket}/${key}`,
        sizeBytes: object.Size ?? 0,
        modifiedAtMs: object.LastModified?.getTime() ?? 0,
        open: async () => {
          const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          const body = response.Body as Readable;
          return key.endsWith('.gz') ? body.pipe(createGunzip()) : body;
        },
      });
    }
    token = page.NextContinuationToken;
  } while (token);
  return files.sort((a, b) => a.batchId.localeCompare(b.batchId));
}

/** The enriched files of a folder or an `s3://bucket/prefix`, in name order. */
export function listEnrichedSource(from: string, s3Client: () => S3Client): Promise<EnrichedSourceFile[]> {
  return from.startsWith('s3://') ? listS3(s3Client(), from) : listFolder(from);
}

export interface LoadProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly filesSkipped: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly rows: number;
  readonly badRows: number;
  readonly elapsedMs: number;
}

export type LoadDestination =
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly shredding?: SchemaSource }
  | { readonly kind: 'sink'; readonly sink: Sink };

export async function loadEnrichedSource(
  files: readonly EnrichedSourceFile[],
  destination: LoadDestination,
  onProgress: (progress: LoadProgress) => void,
): Promise<LoadProgress> {
  const started = performance.now();
  const progress = { filesDone: 0, filesTotal: files.length, filesSkipped: 0, bytesDone: 0, bytesTotal: 0, rows: 0, badRows: 0, elapsedMs: 0 };
  for (const file of files) progress.bytesTotal += file.sizeBytes;
  const report = () => onProgress({ ...progress, elapsedMs: performance.now() - started });
  report();
  if (destination.kind === 'postgres') {
    const loader = await createPostgresLoader({ connectionString: destination.connectionString, maxConnections: 1, shredding: destination.shredding });
    try {
      await loader.ensureSchema();
      for (const file of files) {
        // Checked first so that a re-run (or a --watch round) does not download what is already loaded; the load
        // transaction checks again, so a concurrent loader cannot make a file load twice.
        const alreadyLoaded = await loader.isLoaded(file.batchId);
        const result = alreadyLoaded ? { loaded: false, rows: 0, badRows: [] } : await loader.loadEnrichedStream(() => file.open(), file.batchId);
        if (!result.loaded) progress.filesSkipped++;
        progress.rows += result.rows;
        progress.badRows += result.badRows.length;
        progress.filesDone++;
        progress.bytesDone += file.sizeBytes;
        report();
      }
    } finally {
      await loader.close();
    }
  } else {
    const sink = destination.sink;
    await sink.open();
    try {
      for (const file of files) {
        const lines: string[] = [];
        for await (const chunk of readLineChunks(await file.open())) for (const line of chunk) if (line !== '') lines.push(line);
        const before = sink.stats().batchesAlreadyStored;
        await sink.write({ batchId: file.batchId, createdAtMs: file.modifiedAtMs, good: lines, bad: [] });
        await sink.flush();
        if (sink.stats().batchesAlreadyStored > before) progress.filesSkipped++;
        else progress.rows += lines.length;
        progress.filesDone++;
        progress.bytesDone += file.sizeBytes;
        report();
      }
    } finally {
      await sink.close();
    }
  }
  return { ...progress, elapsedMs: performance.now() - started };
}
