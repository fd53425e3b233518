// `<prefix>/<deviceId>/events` in both directions.
const DEVICE_ID = /^[A-Za-z0-9._:-]{1,32}$/;

export function eventsTopic(prefix: string, deviceId: string): string {
  return `${prefix}/${deviceId}/events`;
}

/** The device id of an events topic under `prefix`, or undefined when the topic is no such topic. */
export function deviceIdOfTopic(prefix: string, topic: string): string | undefined {
  if (!topic.startsWith(`${prefix}/`) || !topic.endsWith('/events')) return undefined;
  const deviceId = topic.slice(prefix.length + 1, -'/events'.length);
  return DEVICE_ID.test(deviceId) ? deviceId : undefined;
}
