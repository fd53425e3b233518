import { bridgeConfigSchema, createBridge, DEFAULT_COLLECTOR_URL } from '../../firmware-bridge/index.ts';
import { parseCommandArgs, parsePort, UsageError, type Command } from '../command.ts';
import { loadConfig } from '../config/load-config.ts';

const HELP = `Usage: snowline bridge [options]

Runs the firmware bridge alone: devices on serial ports (the serial frame protocol, docs/formats/serial.md)
and MQTT (docs/formats/mqtt.md) become tracker-protocol events, made durable in <data-dir>/bridge before
they are acknowledged, and forwarded to the collector in POST batches, with retries while it is down
(docs/bridge.md).

Options:
  --serial <path>[:baud]   a serial port with devices (repeatable; default baud 115200)
  --mqtt <port>            run the embedded MQTT broker on this port (anonymous clients from loopback only;
                           devices elsewhere need credentials in bridge.mqtt.devices)
  --mqtt-host <address>    address of the embedded broker (default 127.0.0.1)
  --collector <url>        collector to forward to (default bridge.collectorUrl, else ${DEFAULT_COLLECTOR_URL})
  --health-port <port>     serve GET /health and /metrics on 127.0.0.1:<port>
  --data-dir <dir>         where the queue lives (default ./data)
  --config <file>          configuration file (default: snowline.config.json or .yaml in this directory)
  -h, --help               this text

SIGTERM or Ctrl-C: stop reading devices, finish writes in flight; queued events stay on disk and are
forwarded at the next start.

Examples:
  snowline bridge --serial /dev/ttyACM0:115200 --collector http://127.0.0.1:8080
  snowline bridge --mqtt 1883 --serial /dev/ttyUSB0 --serial /dev/ttyUSB1:57600
`;

/** `/dev/ttyACM0:115200` → path and baud rate; a path without `:<digits>` keeps the default rate. */
export function parseSerialOption(value: string): { path: string; baudRate?: number } {
  const match = /^(.+):(\d+)$/.exec(value);
  if (!match) return { path: value };
  const baudRate = Number(match[2]);
  if (!Number.isInteger(baudRate) || baudRate <= 0) throw new UsageError(`--serial ${value}: the baud rate must be a positive integer`);
  return { path: match[1]!, baudRate };
}

export const bridgeCommand: Command = {
  name: 'bridge',
  summary: 'run the firmware bridge alone (serial and MQTT devices into the collector, store-and-forward)',
  help: HELP,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      serial: { type: 'string', multiple: true },
      mqtt: { type: 'string' },
      'mqtt-host': { type: 'string' },
      collector: { type: 'string' },
      'health-port': { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
    });
    const { config, file } = loadConfig({ explicitFile: values.config, overrides: { dataDir: values['data-dir'] } });
    const log = (message: string) => process.stderr.write(`[snowline bridge] ${message}\n`);
    if (file) log(`configuration from ${file}`);
    const base = structuredClone(config.bridge ?? bridgeConfigSchema.parse({}));
    const serialPorts = [...base.serialPorts, ...(values.serial ?? []).map((value) => parseSerialOption(value))];
    let mqtt: Record<string, unknown> | undefined = base.mqtt;
    if (values.mqtt !== undefined) {
      const port = parsePort(values.mqtt, '--mqtt', 1883);
      mqtt = { ...(base.mqtt ?? {}), broker: { ...(base.mqtt?.broker ?? {}), port, ...(values['mqtt-host'] ? { host: values['mqtt-host'] } : {}) } };
    }
    const health = values['health-port'] === undefined ? base.health : { host: '127.0.0.1', port: parsePort(values['health-port'], '--health-port', 8081) };
    const bridgeConfig = bridgeConfigSchema.parse({ ...base, serialPorts, ...(mqtt ? { mqtt } : {}), ...(health ? { health } : {}) });
    if (bridgeConfig.serialPorts.length === 0 && !bridgeConfig.mqtt) {
      throw new UsageError('nothing to listen to: give --serial <path> or --mqtt <port> (or bridge.serialPorts / bridge.mqtt in the config)');
    }
    const bridge = createBridge(bridgeConfig, { dataDir: config.dataDir, log, ...(values.collector ? { collectorUrl: values.collector } : {}) });
    await bridge.start();
    process.stdout.write(
      `Snowline bridge forwarding to ${bridge.collectorUrl}\n` +
        bridgeConfig.serialPorts.map((port) => `Serial: ${port.path} at ${port.baudRate} baud\n`).join('') +
        (bridge.mqttPort !== undefined ? `MQTT broker: mqtt://${bridgeConfig.mqtt!.broker!.host}:${bridge.mqttPort}\n` : '') +
        (bridge.healthUrl ? `Health: ${bridge.healthUrl}/health\n` : ''),
    );
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    log(`${signal}: closing devices, keeping the queue on disk`);
    await bridge.close();
    const counters = bridge.counters;
    log(`stopped: ${counters.queued} queued, ${counters.forwarded} forwarded, ${counters.duplicates} duplicates, ${bridge.report().queue.events} left in the queue`);
    return 0;
  },
};
