// A bridge under test with its own data directory and a recording collector, closed and removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridge, type Bridge } from '../create-bridge.ts';
import { startRecordingCollector, type RecordingCollector } from './recording-collector.ts';

export interface BridgeFixture {
  readonly bridge: Bridge;
  readonly collector: RecordingCollector;
  readonly dataDir: string;
  readonly logLines: string[];
  close(): Promise<void>;
}

export async function startBridgeFixture(config: Record<string, unknown>, options: { collector?: RecordingCollector; dataDir?: string } = {}): Promise<BridgeFixture> {
  const collector = options.collector ?? (await startRecordingCollector());
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'snowline-bridge-'));
  const logLines: string[] = [];
  const bridge = createBridge(
    { forward: { retryMinMs: 50, retryMaxMs: 200 }, ...config },
    { collectorUrl: collector.url, dataDir, log: (line) => logLines.push(line) },
  );
  await bridge.start();
  return {
    bridge,
    collector,
    dataDir,
    logLines,
    async close() {
      await bridge.close();
      if (!options.collector) await collector.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
