import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { startSerialFleet, type SerialFleet } from './serial-fleet.ts';

let fleet: SerialFleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

function readFrames(port: SerialPort): string[] {
  const frames: string[] = [];
  let buffer = '';
  port.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    frames.push(...lines.filter((line) => line.startsWith('$1E')));
  });
  return frames;
}

describe('a fleet of emulated boards running an Arduino example', () => {
  it('gives each board its own device id and pty, at the baud rate the sketch sets', async () => {
    fleet = await startSerialFleet({ example: 'StructEventSerial', count: 3, transport: 'pty' });
    expect(fleet.baudRate).toBe(115_200);
    expect(fleet.devices.map((device) => device.deviceId)).toEqual(['doorbell-01', 'doorbell-02', 'doorbell-03']);
    const ports = await Promise.all(fleet.devices.map((device) => new Promise<SerialPort>((resolve, reject) => {
      const port = new SerialPort({ path: device.portPath, baudRate: fleet!.baudRate }, (error) => (error ? reject(error) : resolve(port)));
    })));
    try {
      const frames = ports.map(readFrames);
      fleet.start();
      await Promise.all(fleet.devices.map((device) => device.board.pressButton(2, 30)));
      const deadline = Date.now() + 20_000;
      while (frames.some((received) => received.length === 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      fleet.devices.forEach((device, index) => {
        expect(frames[index]![0]).toMatch(new RegExp(`^\\$1E\\|${device.deviceId}\\|0\\|1\\|[0-9a-f]+\\|[0-9a-f]+\\|0\\|e=se&se_ca=button&se_ac=press`));
      });
    } finally {
      await Promise.all(ports.map((port) => new Promise<void>((resolve) => port.close(() => resolve()))));
    }
  });
});
