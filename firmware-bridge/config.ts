import { z } from 'zod';

// The `bridge` section of snowline.config.json: serial ports and MQTT in, the collector out, a durable queue
// between them. Units are in the names; docs/bridge.md lists every option with examples.

const DEVICE_ID = /^[A-Za-z0-9._:-]{1,32}$/;

const serialPortSchema = z
  .object({
    path: z.string().min(1).describe('Serial device, e.g. /dev/ttyACM0 or /dev/serial/by-id/usb-Arduino… (stable across replugs).'),
    baudRate: z.number().int().positive().default(115200).describe('Line speed; must match Serial.begin() on the device.'),
    dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8).describe('Data bits per character.'),
    parity: z.enum(['none', 'even', 'odd']).default('none').describe('Parity bit.'),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1).describe('Stop bits.'),
    reopenIntervalMs: z.number().int().positive().default(1000).describe('How often to try to reopen the port after it closes (unplug) or fails to open.'),
    readIntervalMs: z
      .number()
      .int()
      .min(0)
      .default(50)
      .describe('Read what has arrived at most this often: one wake-up per interval on a busy line instead of one per chunk the driver delivers (CPU), at most this much more ACK latency. Capped so that no more than 1 KiB waits in the kernel at the port\'s baud rate; 0 reads as soon as bytes arrive.'),
  })
  .strict();

const mqttDeviceSchema = z
  .object({
    deviceId: z.string().regex(DEVICE_ID, 'a device id is 1-32 of A-Z a-z 0-9 . _ : -').describe('The MQTT username of the device and the only <deviceId> it may publish under.'),
    passwordEnv: z.string().min(1).optional().describe('Name of the environment variable that holds the password.'),
    passwordSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256 digest').optional().describe('SHA-256 (hex) of the password, instead of passwordEnv.'),
  })
  .strict()
  .refine((device) => (device.passwordEnv === undefined) !== (device.passwordSha256 === undefined), {
    message: 'give exactly one of passwordEnv and passwordSha256',
  });

const embeddedBrokerSchema = z
  .object({
    host: z.string().default('127.0.0.1').describe('Address the embedded broker listens on. Anonymous clients are refused unless they connect over loopback.'),
    port: z.number().int().min(0).max(65535).default(1883).describe('TCP port of the embedded broker (0 picks a free one).'),
    allowAnonymousOnLoopback: z.boolean().default(true).describe('Let clients without credentials connect from 127.0.0.1/::1 (never from elsewhere).'),
    tls: z
      .object({ certFile: z.string().min(1), keyFile: z.string().min(1) })
      .strict()
      .optional()
      .describe('PEM certificate and key: the broker then speaks MQTT over TLS.'),
  })
  .strict();

const brokerClientSchema = z
  .object({
    url: z.string().url().describe('Existing broker, e.g. mqtt://broker.example:1883 or mqtts://…'),
    clientId: z.string().min(1).default('snowline-bridge').describe('Fixed client id: with clean: false the broker keeps unacknowledged messages for it across restarts.'),
    username: z.string().min(1).optional().describe('Username of the bridge at the broker.'),
    passwordEnv: z.string().min(1).optional().describe('Environment variable holding the bridge password.'),
    sharedGroup: z.string().regex(/^[^/+#]+$/).optional().describe('Subscribe as $share/<group>/… so that bridges of one group split the fleet.'),
  })
  .strict();

const mqttSchema = z
  .object({
    topicPrefix: z.string().regex(/^[^+#]+$/).default('snowline').describe('Devices publish to <topicPrefix>/<deviceId>/events.'),
    broker: embeddedBrokerSchema.optional().describe('Run an embedded broker (aedes).'),
    client: brokerClientSchema.optional().describe('Subscribe to an existing broker (mqtt.js).'),
    devices: z.array(mqttDeviceSchema).default([]).describe('Per-device credentials for the embedded broker.'),
    maxMessageBytes: z.number().int().positive().default(16384).describe('Larger messages become bad rows.'),
  })
  .strict()
  .refine((mqtt) => mqtt.broker !== undefined || mqtt.client !== undefined, { message: 'configure mqtt.broker, mqtt.client or both' });

const queueSchema = z
  .object({
    maxBytes: z.number().int().positive().default(256 * 1024 * 1024).describe('Largest on-disk backlog; beyond it devices are not acknowledged (they keep and retry) and a line is logged.'),
    segmentBytes: z.number().int().positive().default(4 * 1024 * 1024).describe('Size at which the queue starts a new segment file; forwarded segments are deleted.'),
    groupCommitMs: z.number().int().min(0).default(50).describe('Events arriving within this window share one synced write (and their ACKs wait for it); a group that reaches 64 KiB is written at once: less CPU on busy lines, at most this much more ACK latency.'),
  })
  .strict();

const forwardSchema = z
  .object({
    postPath: z.string().startsWith('/').default('/com.snowplowanalytics.snowplow/tp2').describe('Collector path for the POST batches.'),
    maxBatchEvents: z.number().int().positive().default(500).describe('Events per POST.'),
    lingerMs: z.number().int().min(0).default(250).describe('How long a batch that is not full waits for more events before it is sent (fewer, larger POSTs; adds at most this much latency).'),
    maxBatchBytes: z.number().int().positive().default(512 * 1024).describe('Body bytes per POST.'),
    requestTimeoutMs: z.number().int().positive().default(10_000).describe('Timeout of one POST.'),
    retryMinMs: z.number().int().positive().default(200).describe('First wait after a failed POST.'),
    retryMaxMs: z.number().int().positive().default(10_000).describe('Longest wait between attempts while the collector is down.'),
  })
  .strict();

export const bridgeConfigSchema = z
  .object({
    collectorUrl: z.string().url().optional().describe('Collector to forward to. Default: the local collector in `snowline start`, http://127.0.0.1:8080 for `snowline bridge`.'),
    serialPorts: z.array(serialPortSchema).default([]).describe('Serial ports with devices speaking the serial frame protocol (docs/formats/serial.md).'),
    mqtt: mqttSchema.optional().describe('MQTT ingestion (docs/formats/mqtt.md).'),
    queue: queueSchema.default(queueSchema.parse({})),
    forward: forwardSchema.default(forwardSchema.parse({})),
    health: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8081),
      })
      .strict()
      .optional()
      .describe('Serve GET /health (JSON counters) and GET /metrics (Prometheus text).'),
  })
  .strict();

export type BridgeConfig = z.infer<typeof bridgeConfigSchema>;
export type SerialPortConfig = z.infer<typeof serialPortSchema>;
export type MqttConfig = z.infer<typeof mqttSchema>;
export type MqttDeviceConfig = z.infer<typeof mqttDeviceSchema>;
export type QueueConfig = z.infer<typeof queueSchema>;
export type ForwardConfig = z.infer<typeof forwardSchema>;
