// A device in TypeScript that speaks the serial frame protocol like the Arduino library: events kept until
// acknowledged, retransmitted on a timer or a NAK, drop count carried in frames. Tests and benchmarks use it
// over a socat pty pair; knobs inject faults (lost ACKs, corrupted frames).
import { SerialPort } from 'serialport';
import { FrameReader } from '../frame/frame-reader.ts';
import { encodeEventFrame } from '../frame/serial-frame.ts';

export interface DeviceSimulatorOptions {
  readonly path: string;
  readonly deviceId: string;
  readonly bootId: number;
  readonly appId?: string;
  readonly firmwareVersion?: string;
  readonly baudRate?: number;
  /** Retransmit unacknowledged events this often (ms). */
  readonly retryMs?: number;
  /** Events kept before the oldest is dropped (and counted). */
  readonly maxPending?: number;
}

interface PendingEvent {
  readonly seq: number;
  readonly createdUptimeMs: number;
  readonly payload: string;
}

export class DeviceSimulator {
  readonly acknowledged = new Set<number>();
  naksReceived = 0;
  framesWritten = 0;
  /** ACKs to ignore from now on, as if lost on the line: the device will retransmit those events. */
  ignoreNextAcks = 0;
  /** Flip one bit in the next N frames written. */
  corruptNextFrames = 0;

  private readonly pending = new Map<number, PendingEvent>();
  private readonly reader = new FrameReader();
  private readonly bootedAt = Date.now();
  private nextSeq = 1;
  private droppedTotal = 0;
  private port: SerialPort | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DeviceSimulatorOptions) {}

  async open(): Promise<void> {
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate ?? 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    port.on('error', () => undefined);
    this.port = port;
    this.timer = setInterval(() => this.retransmit(), this.options.retryMs ?? 300);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  uptimeMs(): number {
    return (Date.now() - this.bootedAt) % 0x1_0000_0000;
  }

  /** Tracks an event (tracker-protocol parameters); writes its frame at once. Returns its sequence number. */
  track(parameters: Record<string, string>): number {
    const seq = this.nextSeq++;
    const query = new URLSearchParams({ ...parameters, aid: this.options.appId ?? 'simulator', tv: 'snowline-simulator-0.1.0' });
    if (this.options.firmwareVersion) query.set('fw', this.options.firmwareVersion);
    // URLSearchParams leaves * - . _ raw and percent-encodes the rest: every character is a frame payload character.
    const event = { seq, createdUptimeMs: this.uptimeMs(), payload: query.toString() };
    if (this.pending.size >= (this.options.maxPending ?? 64)) {
      const oldest = this.pending.keys().next().value!;
      this.pending.delete(oldest);
      this.droppedTotal++;
    }
    this.pending.set(seq, event);
    this.send(event);
    return seq;
  }

  private send(event: PendingEvent): void {
    let frame = encodeEventFrame({
      deviceId: this.options.deviceId,
      bootId: this.options.bootId,
      seq: event.seq,
      createdUptimeMs: event.createdUptimeMs,
      sentUptimeMs: this.uptimeMs(),
      droppedTotal: this.droppedTotal,
      payload: event.payload,
    });
    if (this.corruptNextFrames > 0) {
      this.corruptNextFrames--;
      const at = 10 + (event.seq % (frame.length - 20));
      frame = frame.slice(0, at) + String.fromCharCode(frame.charCodeAt(at) ^ 0x02) + frame.slice(at + 1);
    }
    this.framesWritten++;
    this.port?.write(frame, 'latin1');
  }

  /** Writes raw bytes, as line noise or a debug print would. */
  writeRaw(bytes: Buffer | string): void {
    this.port?.write(bytes);
  }

  private retransmit(): void {
    for (const event of this.pending.values()) this.send(event);
  }

  private receive(chunk: Buffer): void {
    for (const event of this.reader.push(chunk)) {
      if (event.type !== 'frame') continue;
      const frame = event.frame;
      if (frame.kind === 'ack' && frame.bootId === this.options.bootId) {
        if (this.ignoreNextAcks > 0) {
          this.ignoreNextAcks--;
          continue;
        }
        this.pending.delete(frame.seq);
        this.acknowledged.add(frame.seq);
      } else if (frame.kind === 'nak') {
        this.naksReceived++;
      }
    }
  }

  async waitUntilAcknowledged(count: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.acknowledged.size < count || this.pending.size > 0) {
      if (Date.now() > deadline) throw new Error(`device ${this.options.deviceId}: ${this.acknowledged.size}/${count} acknowledged after ${timeoutMs} ms (${this.pending.size} pending)`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
