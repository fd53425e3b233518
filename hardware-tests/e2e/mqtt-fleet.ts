// A fleet of simulated MQTT devices in TypeScript: each connects with its own credentials (username = device
// id = client id), publishes its events as serial-protocol frames at QoS 1 to <prefix>/<deviceId>/events, as
// docs/formats/mqtt.md documents and the Arduino library's MQTT emitter does, and disconnects.
import { createHash } from 'node:crypto';
import mqtt from 'mqtt';
import { encodeEventFrame } from '../../firmware-bridge/index.ts';

export interface MqttDevice {
  readonly deviceId: string;
  readonly password: string;
}

export function mqttFleet(prefix: string, count: number): MqttDevice[] {
  return Array.from({ length: count }, (_, index) => {
    const deviceId = `${prefix}-${String(index + 1).padStart(3, '0')}`;
    return { deviceId, password: `pw-${deviceId}-${createHash('sha256').update(deviceId).digest('hex').slice(0, 12)}` };
  });
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** The frames a device publishes: `events` struct events of boot 1, one second of device time apart. */
export function deviceFrames(deviceId: string, events: number): string[] {
  return Array.from({ length: events }, (_, index) => encodeEventFrame({
    deviceId,
    bootId: 1,
    seq: index + 1,
    createdUptimeMs: 1000 * (index + 1),
    sentUptimeMs: 1000 * (index + 1) + 5,
    droppedTotal: 0,
    payload: `e=se&se_ca=fleet&se_ac=report&se_la=${deviceId}&se_va=${index + 1}&aid=mqtt-fleet&tv=snowline-test-fleet`,
  }));
}

/** Connects, publishes every payload (frames, querystrings or payload_data JSON) at QoS 1 (resolving once each PUBACK arrived), disconnects. */
export async function publishAsDevice(url: string, device: MqttDevice, frames: readonly string[], topicPrefix = 'snowline'): Promise<void> {
  const client = await mqtt.connectAsync(url, {
    clientId: device.deviceId, username: device.deviceId, password: device.password, reconnectPeriod: 0, connectTimeout: 10_000,
  });
  try {
    for (const frame of frames) await client.publishAsync(`${topicPrefix}/${device.deviceId}/events`, frame, { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

/** Runs `task` over `items` with at most `parallel` at a time. */
export async function inBatches<T>(items: readonly T[], parallel: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}
