// One serial port with devices on it: frames in, ACK once durable, NAK for bad frames, and the port reopened
// whenever it closes (USB unplug, device reset on some boards) or fails to open.
import { SerialPort } from 'serialport';
import type { SerialPortConfig } from '../config.ts';
import { FrameReader } from '../frame/frame-reader.ts';
import { encodeAckFrame, encodeNakFrame, type EventFrame } from '../frame/serial-frame.ts';
import type { Ingest } from '../ingest/ingest.ts';
import { emptySerialPortStats, type BridgeCounters, type SerialPortStats } from '../stats.ts';
import { withEventLoopIo } from './event-loop-io-binding.ts';

export interface SerialLinkOptions {
  /** A serialport binding (tests use SerialPortMock.binding); default: the native one. */
  readonly binding?: unknown;
}

export class SerialLink {
  private readonly reader = new FrameReader();
  private readonly own = emptySerialPortStats('');
  private port: SerialPort | undefined;
  private reopenTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private lastError = '';

  constructor(
    private readonly config: SerialPortConfig,
    private readonly ingest: Ingest,
    private readonly counters: BridgeCounters,
    private readonly log: (message: string) => void,
    private readonly options: SerialLinkOptions = {},
  ) {
    this.own.path = config.path;
  }

  get stats(): SerialPortStats {
    return { ...this.own, ...this.reader.stats };
  }

  start(): void {
    this.open();
  }

  private open(): void {
    if (this.stopping) return;
    const settings = {
      path: this.config.path,
      baudRate: this.config.baudRate,
      dataBits: this.config.dataBits,
      parity: this.config.parity,
      stopBits: this.config.stopBits,
      autoOpen: false,
      // Reads allocate a buffer of this size each: a serial line delivers a few bytes per read, not 64 KiB.
      highWaterMark: 4096,
      binding: this.options.binding ?? withEventLoopIo(SerialPort.binding, { readIntervalMs: this.config.readIntervalMs }),
    };
    const port = new SerialPort(settings as ConstructorParameters<typeof SerialPort>[0]);
    this.port = port;
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    port.on('error', (error: Error) => this.noteError(error));
    port.on('close', () => {
      if (this.port !== port) return;
      this.own.open = false;
      this.own.closes++;
      this.port = undefined;
      if (!this.stopping) this.log(`serial ${this.config.path} closed; reopening every ${this.config.reopenIntervalMs} ms`);
      this.scheduleReopen();
    });
    port.open((error) => {
      if (error) {
        this.noteError(error);
        if (this.port === port) this.port = undefined;
        this.scheduleReopen();
        return;
      }
      this.own.open = true;
      this.own.opens++;
      this.lastError = '';
      this.log(`serial ${this.config.path} open at ${this.config.baudRate} baud`);
    });
  }

  private noteError(error: Error): void {
    // Logged once per distinct error, not once per retry of a port that stays unplugged.
    if (error.message !== this.lastError) this.log(`serial ${this.config.path}: ${error.message}`);
    this.lastError = error.message;
  }

  private scheduleReopen(): void {
    if (this.stopping || this.reopenTimer) return;
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      this.open();
    }, this.config.reopenIntervalMs);
  }

  private outgoing = '';

  /** Queues a line for the device; lines queued in one turn of the event loop go out in one write. */
  private write(text: string): void {
    if (this.outgoing === '') setImmediate(() => this.flushOutgoing());
    this.outgoing += text;
  }

  private flushOutgoing(): void {
    const text = this.outgoing;
    this.outgoing = '';
    const port = this.port;
    if (port?.isOpen && text !== '') port.write(text, 'latin1');
  }

  private receive(chunk: Buffer): void {
    const receivedAtMs = Date.now();
    for (const event of this.reader.push(chunk)) {
      if (event.type === 'bad-frame') {
        this.counters.badFrames++;
        this.own.naksSent++;
        this.write(encodeNakFrame(event.reason));
      } else if (event.frame.kind === 'event') {
        this.counters.serialFrames++;
        void this.acknowledgeWhenDurable(event.frame, receivedAtMs);
      }
      // ACK and NAK frames are the bridge's own; a device echoing them back is ignored.
    }
  }

  private async acknowledgeWhenDurable(frame: EventFrame, receivedAtMs: number): Promise<void> {
    try {
      const outcome = await this.ingest.acceptFrame(frame, receivedAtMs, 'serial');
      if (outcome === 'duplicate') this.own.duplicates++;
      this.own.acksSent++;
      this.write(encodeAckFrame(frame.bootId, frame.seq));
    } catch (error) {
      // Queue full or disk error: no ACK, so the device keeps the event and retransmits it.
      if ((error as Error).name !== 'QueueFullError') this.log(`serial ${this.config.path}: could not queue an event: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reopenTimer);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
