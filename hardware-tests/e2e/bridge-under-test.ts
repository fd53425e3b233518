// Starts the real firmware bridge (firmware-bridge/index.ts) in the test process for a serial fleet and/or MQTT,
// forwarding to a running Snowline, with its queue in a fresh directory, and collects its log lines.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridge, type Bridge } from '../../firmware-bridge/index.ts';
import type { SerialFleet } from './serial-fleet.ts';

export interface BridgeUnderTest {
  readonly bridge: Bridge;
  readonly logLines: string[];
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface BridgeUnderTestOptions {
  readonly collectorUrl: string;
  readonly fleet?: SerialFleet;
  /** The `mqtt` section of the bridge config. */
  readonly mqtt?: Record<string, unknown>;
  readonly forward?: Record<string, unknown>;
  readonly dataDir?: string;
}

export async function startBridge(options: BridgeUnderTestOptions): Promise<BridgeUnderTest> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'sl-bridge-'));
  const logLines: string[] = [];
  const fleet = options.fleet;
  const bridge = createBridge(
    {
      serialPorts: (fleet?.devices ?? []).map((device) => ({ path: device.portPath, baudRate: fleet!.baudRate, reopenIntervalMs: 200 })),
      ...(options.mqtt ? { mqtt: options.mqtt } : {}),
      forward: { retryMaxMs: 1000, ...options.forward },
    },
    {
      collectorUrl: options.collectorUrl,
      dataDir,
      serialBinding: fleet?.binding,
      log: (message) => {
        logLines.push(message);
        if (process.env.SNOWLINE_TEST_LOG) process.stderr.write(`bridge: ${message}\n`);
      },
    },
  );
  await bridge.start();
  return {
    bridge,
    logLines,
    dataDir,
    async stop() {
      await bridge.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `condition` holds, polling every 10 ms; fails with `what` after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
