import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectorConfigSchema, type CollectorConfigInput } from '../config.ts';
import { createCollector, type Collector } from '../create-collector.ts';

export interface TemporaryCollector {
  readonly collector: Collector;
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly sealed: string[];
  /** Every raw record line in the spool and sealed directories, parsed. */
  records(): Promise<Record<string, unknown>[]>;
  /** Every collector bad row (spooled or sealed), parsed. */
  badRows(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function readNdjsonDirectories(directories: readonly string[]): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const directory of directories) {
    let names: string[] = [];
    try {
      names = (await readdir(directory)).filter((name) => name.endsWith('.ndjson')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const text = await readFile(path.join(directory, name), 'utf8');
      for (const line of text.split('\n')) if (line.length > 0) rows.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  return rows;
}

/** A collector on 127.0.0.1 and a random port over a fresh data directory, removed by `stop`. */
export async function startTemporaryCollector(
  config: CollectorConfigInput = {},
  dataDir?: string,
  options: { log?: (message: string) => void } = {},
): Promise<TemporaryCollector> {
  const directory = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'snowline-collector-')));
  const sealed: string[] = [];
  const collector = await createCollector(collectorConfigSchema.parse({ host: '127.0.0.1', port: 0, ...config }), {
    dataDir: directory,
    onSealedFile: (sealedPath) => sealed.push(sealedPath),
    ...options,
  });
  const { url, port } = await collector.listen();
  return {
    collector,
    url,
    port,
    dataDir: directory,
    sealed,
    records: () => readNdjsonDirectories([path.join(directory, 'raw', 'sealed'), path.join(directory, 'raw', 'spool')]),
    badRows: () => readNdjsonDirectories([path.join(directory, 'raw', 'bad'), path.join(directory, 'raw', 'bad-spool')]),
    async stop() {
      await collector.close();
      if (!dataDir) await rm(directory, { recursive: true, force: true });
    },
  };
}
