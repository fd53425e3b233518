// Per-device MQTT credentials from the config, resolved once at start-up: passwords come from the environment
// (passwordEnv) or as SHA-256 digests (passwordSha256), never in plain text in the file.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MqttDeviceConfig } from '../config.ts';

export class DeviceCredentials {
  private readonly digests = new Map<string, Buffer>();

  constructor(devices: readonly MqttDeviceConfig[], environment: NodeJS.ProcessEnv = process.env) {
    devices.forEach((device, index) => {
      if (device.passwordSha256) {
        this.digests.set(device.deviceId, Buffer.from(device.passwordSha256, 'hex'));
        return;
      }
      const password = environment[device.passwordEnv!];
      if (password === undefined || password === '') {
        throw new Error(`bridge.mqtt.devices[${index}].passwordEnv: environment variable ${device.passwordEnv} is not set (password of device ${device.deviceId})`);
      }
      this.digests.set(device.deviceId, sha256(Buffer.from(password)));
    });
  }

  /** True when `username` is a configured device and `password` is its password (constant-time comparison). */
  verify(username: string, password: Buffer | undefined): boolean {
    const expected = this.digests.get(username);
    return expected !== undefined && password !== undefined && timingSafeEqual(sha256(password), expected);
  }
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
