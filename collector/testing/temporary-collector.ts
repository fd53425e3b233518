import { afterEach } from 'vitest';
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

/**
 * Every NDJSON line of the files in the directories, parsed. Files move from a spool directory to a sealed one
 * while a collector runs: list the spool first, deduplicate by file name, and start over if a file moved away.
 */
export async function readNdjsonDirectories(directories: readonly string[]): Promise<Record<string, unknown>[]> {
  for (;;) {
    const files = new Map<string, string>();
    for (const directory of [...directories].reverse()) {
      let names: string[] = [];
      try {
        names = (await readdir(directory)).filter((name) => name.endsWith('.ndjson'));
      } catch {
        continue;
      }
      for (const name of names) files.set(name, path.join(directory, name));
    }
    try {
      const rows: Record<string, unknown>[] = [];
      for (const name of [...files.keys()].sort()) {
        const text = await readFile(files.get(name)!, 'utf8');
        // The part after the last newline is a write still in progress (or empty).
        const lines = text.split('\n').slice(0, -1);
        for (const line of lines) if (line.length > 0) rows.push(JSON.parse(line) as Record<string, unknown>);
      }
      return rows;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
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

/**
 * For a test file: `start(config)` gives a temporary collector, stopped after each test (one at a time).
 * Call at the top level of the file.
 */
export function useTemporaryCollector(): (config?: CollectorConfigInput) => Promise<TemporaryCollector> {
  let running: TemporaryCollector | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
  });
  return async (config = {}) => {
    running = await startTemporaryCollector(config);
    return running;
  };
}
