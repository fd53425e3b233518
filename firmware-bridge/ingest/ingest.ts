// Where device input becomes queued events: deduplication of retransmitted frames, durable queueing (the
// promise resolves only once the event is fsynced, which is when the caller may acknowledge), drop reporting,
// and MQTT payload parsing (docs/formats/mqtt.md).
import { decodeFrame, type EventFrame } from '../frame/serial-frame.ts';
import type { DurableQueue } from '../queue/durable-queue.ts';
import type { BridgeCounters } from '../stats.ts';
import { eventFromFields, eventFromFrame, parseQuerystring, type QueueRecord, type TrackerEvent, type Transport } from './device-events.ts';
import type { SeenEvents } from './seen-events.ts';

export type FrameOutcome = 'queued' | 'duplicate';

const PAYLOAD_DATA = /^iglu:com\.snowplowanalytics\.snowplow\/payload_data\/jsonschema\/1-0-\d+$/;

export class Ingest {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly droppedByBoot = new Map<string, number>();

  constructor(
    private readonly queue: DurableQueue<QueueRecord>,
    private readonly seen: SeenEvents,
    private readonly counters: BridgeCounters,
    private readonly log: (message: string) => void,
    private readonly maxMessageBytes = 16384,
  ) {}

  /** Queues a device frame's event unless it is a copy; resolves once it is durable. Rejects with QueueFullError. */
  async acceptFrame(frame: EventFrame, receivedAtMs: number, transport: Transport): Promise<FrameOutcome> {
    const key = { deviceId: frame.deviceId, bootId: frame.bootId, seq: frame.seq };
    this.noteDrops(frame);
    if (this.seen.has(key)) {
      this.counters.duplicates++;
      return 'duplicate';
    }
    const name = `${frame.deviceId}|${frame.bootId}|${frame.seq}`;
    const earlier = this.inFlight.get(name);
    if (earlier) {
      // The first copy is still being written: this one is acknowledged when (and if) that one is durable.
      await earlier;
      this.counters.duplicates++;
      return 'duplicate';
    }
    const appended = this.append(eventFromFrame(frame, receivedAtMs, transport));
    this.inFlight.set(name, appended);
    try {
      await appended;
      this.seen.add(key);
      return 'queued';
    } finally {
      this.inFlight.delete(name);
    }
  }

  private async append(record: QueueRecord): Promise<void> {
    try {
      await this.queue.append(record);
    } catch (error) {
      if ((error as Error).name === 'QueueFullError') {
        this.counters.refusedQueueFull++;
        if (this.counters.refusedQueueFull === 1 || this.counters.refusedQueueFull % 1000 === 0) {
          this.log(`bridge queue full (${this.queue.bytes} bytes): devices are not acknowledged and keep their events (${this.counters.refusedQueueFull} refusals so far)`);
        }
      }
      throw error;
    }
    if (record.kind === 'event') this.counters.queued++;
    else this.counters.malformedMessages++;
  }

  private noteDrops(frame: EventFrame): void {
    const boot = `${frame.deviceId}|${frame.bootId}`;
    const before = this.droppedByBoot.get(boot) ?? 0;
    if (frame.droppedTotal > before) {
      this.counters.deviceDroppedEvents += frame.droppedTotal - before;
      this.droppedByBoot.set(boot, frame.droppedTotal);
      this.log(`device ${frame.deviceId} (boot ${frame.bootId}) reports ${frame.droppedTotal} events dropped from its full buffer`);
    }
  }

  /**
   * One MQTT message from `<prefix>/<deviceId>/events`; resolves once everything it carried is durable. `problem`:
   * why the message cannot be an event whatever it holds (a topic that is not an events topic).
   */
  async acceptMqttMessage(deviceId: string, topic: string, payload: Buffer, receivedAtMs: number, problem?: string): Promise<void> {
    this.counters.mqttMessages++;
    const malformed = (reason: string) =>
      this.append({ kind: 'malformed', deviceId, transport: 'mqtt', topic, reason, bodyBase64: payload.toString('base64') });
    if (problem !== undefined) return malformed(problem);
    if (payload.length > this.maxMessageBytes) return malformed(`message of ${payload.length} bytes exceeds ${this.maxMessageBytes}`);
    const text = payload.toString('utf8').trim();
    if (text === '') return malformed('empty message');
    if (text.startsWith('$')) {
      const result = decodeFrame(text);
      if (!result.ok) return malformed(`serial frame: ${result.message}`);
      if (result.frame.kind !== 'event') return malformed(`serial frame of type ${result.frame.kind} is no event`);
      if (result.frame.deviceId !== deviceId) return malformed(`frame of device ${result.frame.deviceId} published under ${topic}`);
      await this.acceptFrame(result.frame, receivedAtMs, 'mqtt');
      return;
    }
    if (text.startsWith('{')) {
      const events = parsePayloadData(text);
      if (typeof events === 'string') return malformed(events);
      await Promise.all(events.map((fields) => this.append(eventFromFields(deviceId, fields, receivedAtMs, 'mqtt'))));
      return;
    }
    const fields = parseQuerystring(text);
    if (Object.keys(fields).length === 0) return malformed('querystring without parameters');
    await this.append(eventFromFields(deviceId, fields, receivedAtMs, 'mqtt'));
  }
}

/** The events of a payload_data JSON, or why it is not one. */
function parsePayloadData(text: string): TrackerEvent[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  const envelope = parsed as { schema?: unknown; data?: unknown };
  if (typeof envelope.schema !== 'string' || !PAYLOAD_DATA.test(envelope.schema)) return 'JSON that is no payload_data 1-0-* self-describing JSON';
  if (!Array.isArray(envelope.data) || envelope.data.length === 0) return 'payload_data without events';
  for (const item of envelope.data) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return 'payload_data item that is no object';
    if (Object.values(item).some((value) => typeof value !== 'string')) return 'payload_data item with a value that is no string';
  }
  return envelope.data as TrackerEvent[];
}
