import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceSimulator } from '../../firmware-bridge/testing/device-simulator.ts';
import { openPtyPair } from '../../test-support/pty-pair.ts';
import { startRecordingCollector } from '../../firmware-bridge/testing/recording-collector.ts';
import { parseSerialOption } from './bridge.ts';

describe('snowline bridge', () => {
  it('reads --serial as a path with an optional baud rate', () => {
    expect(parseSerialOption('/dev/ttyACM0:57600')).toEqual({ path: '/dev/ttyACM0', baudRate: 57600 });
    expect(parseSerialOption('/dev/ttyUSB0')).toEqual({ path: '/dev/ttyUSB0' });
  });

  it('forwards a device on --serial to --collector and stops cleanly on SIGTERM', async () => {
    const pty = await openPtyPair();
    const collector = await startRecordingCollector();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'snowline-bridge-cli-'));
    const child = spawn(process.execPath, ['bin/snowline.js', 'bridge', '--serial', `${pty.hostPath}:115200`, '--collector', collector.url, '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const device = new DeviceSimulator({ path: pty.devicePath, deviceId: 'cli-device', bootId: 1, retryMs: 200 });
    try {
      const deadline = Date.now() + 15_000;
      while (!stdout.includes('Serial:')) {
        if (Date.now() > deadline) throw new Error(`bridge did not start: ${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(stdout).toContain(`forwarding to ${collector.url}`);
      await device.open();
      device.track({ e: 'se', se_ca: 'cli', se_ac: 'test' });
      await device.waitUntilAcknowledged(1);
      const [event] = await collector.waitForEvents(1);
      expect(event).toMatchObject({ e: 'se', se_ca: 'cli', se_ac: 'test', p: 'iot' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await device.close();
      await collector.close();
      await pty.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
