import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describeSinkConformance, skip, type StoredContent } from './conformance.ts';
import { createSinkForTarget, filesTargetSchema } from '../targets.ts';

function readParts(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const bytes = readFileSync(path.join(folder, name));
    const text = (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    return text.split('\n').filter((line) => line !== '');
  });
}

for (const gzip of [false, true]) {
  let root = '';
  let directory = '';
  let round = 0;
  describeSinkConformance(gzip ? 'files (gzip)' : 'files', {
    async setUp() {
      root = mkdtempSync(path.join(os.tmpdir(), 'slfiles-'));
      const target = (overrides: object = {}) =>
        filesTargetSchema.parse({ type: 'files', name: 'local-files', directory, gzip, maxPartAgeMs: 60_000, ...overrides });
      return {
        createSink: (overrides) => createSinkForTarget(target(overrides)),
        // A regular file where the directory should be: mkdir fails with ENOTDIR, also as root.
        createBrokenSink: () => createSinkForTarget(target({ directory: path.join('/etc/hostname', 'out') })),
        async readBack(): Promise<StoredContent> {
          return {
            goodEventIds: readParts(path.join(directory, 'good')).map((line) => line.split('\t')[6]!),
            badRows: readParts(path.join(directory, 'bad')),
          };
        },
        async reset() {
          directory = path.join(root, `case-${round++}`);
        },
        transientFailure: skip('a local file system has no failure that a retry gets past: ENOSPC, EACCES and EIO are reported at once'),
        get childTarget() {
          return { type: 'files' as const, name: 'local-files', directory, gzip };
        },
      };
    },
    async tearDown() {
      rmSync(root, { recursive: true, force: true });
    },
  });
}
