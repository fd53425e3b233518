// An in-process serialport binding whose ports are emulated boards: `new SerialPort({ path: 'sim:door-1',
// baudRate, binding })` talks to the AvrBoard attached under that path, with no pty and no socat, so the
// bridge's own serial code runs unchanged in fast tests. Opening at a rate other than the sketch's garbles the
// bytes, as on a real line.
import type { AvrBoard } from './avr-board.ts';
import { LineNoise, type LineNoiseOptions } from './line-noise.ts';

export interface SimulatedLineOptions {
  readonly toHost?: LineNoiseOptions;
  readonly toDevice?: LineNoiseOptions;
}

// The shapes of @serialport/bindings-interface 1.2 (its ESM entry ships no types under NodeNext resolution).
export interface OpenOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  lock?: boolean;
  stopBits?: 1 | 1.5 | 2;
  parity?: string;
  rtscts?: boolean;
  xon?: boolean;
  xoff?: boolean;
  xany?: boolean;
  hupcl?: boolean;
}
interface PortInfo {
  path: string;
  manufacturer: string | undefined;
  serialNumber: string | undefined;
  pnpId: string | undefined;
  locationId: string | undefined;
  productId: string | undefined;
  vendorId: string | undefined;
}
interface PortStatus { cts: boolean; dsr: boolean; dcd: boolean }

interface Attachment {
  readonly board: AvrBoard;
  readonly toHost: LineNoise;
  readonly toDevice: LineNoise;
  port?: SimulatedPort;
}

class CanceledError extends Error {
  readonly canceled = true;
}

/** What a receiver set to the wrong rate makes of a byte: wrong, but the same wrong byte every time. */
function misclocked(byte: number): number {
  return ((byte * 37) ^ 0xa5) & 0xff;
}

export class SimulatedPort {
  isOpen = true;
  readonly openOptions: Required<OpenOptions>;
  private baudRate: number;
  private readonly received: Buffer[] = [];
  private pendingRead: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private readonly onBoardData = (chunk: Buffer) => this.deliver(this.attachment.toHost.apply(this.garble(chunk)));

  constructor(private readonly attachment: Attachment, options: OpenOptions, private readonly onClose: () => void) {
    this.openOptions = {
      dataBits: 8, lock: true, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, hupcl: true,
      ...options,
    } as Required<OpenOptions>;
    this.baudRate = options.baudRate;
    attachment.board.serial.on('data', this.onBoardData);
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    while (this.received.length === 0) {
      if (!this.isOpen) throw new CanceledError('port closed');
      await new Promise<void>((resolve, reject) => { this.pendingRead = { resolve, reject }; });
    }
    const head = this.received[0]!;
    const bytesRead = Math.min(length, head.length);
    head.copy(buffer, offset, 0, bytesRead);
    if (bytesRead === head.length) this.received.shift();
    else this.received[0] = head.subarray(bytesRead);
    return { buffer, bytesRead };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw new CanceledError('port closed');
    const noisy = this.attachment.toDevice.apply(this.garble(Buffer.from(buffer)));
    if (noisy.length > 0) this.attachment.board.serial.write(noisy);
  }

  async close(): Promise<void> {
    if (!this.isOpen) throw new Error('port is not open');
    this.isOpen = false;
    this.attachment.board.serial.off('data', this.onBoardData);
    this.pendingRead?.reject(new CanceledError('port closed'));
    this.pendingRead = undefined;
    this.onClose();
  }

  async update(options: { baudRate: number }): Promise<void> {
    this.baudRate = options.baudRate;
  }

  async set(_options: Record<string, boolean | undefined>): Promise<void> {}

  async get(): Promise<PortStatus> {
    return { cts: true, dsr: true, dcd: true };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.baudRate };
  }

  async flush(): Promise<void> {
    this.received.length = 0;
  }

  async drain(): Promise<void> {}

  private garble(chunk: Buffer): Buffer {
    const deviceRate = this.attachment.board.nominalBaudRate;
    if (deviceRate === 0 || Math.abs(deviceRate - this.baudRate) / deviceRate <= 0.05) return chunk;
    return Buffer.from(chunk.map(misclocked));
  }

  private deliver(chunk: Buffer): void {
    if (chunk.length === 0 || !this.isOpen) return;
    this.received.push(chunk);
    const pending = this.pendingRead;
    this.pendingRead = undefined;
    pending?.resolve();
  }
}

export class SimulatedSerialBinding {
  private readonly attachments = new Map<string, Attachment>();

  /** Makes `board` reachable as `path`, through optional line noise in each direction. */
  attach(path: string, board: AvrBoard, line: SimulatedLineOptions = {}): { toHost: LineNoise; toDevice: LineNoise } {
    if (this.attachments.has(path)) throw new Error(`a board is already attached as ${path}`);
    const attachment: Attachment = { board, toHost: new LineNoise(line.toHost), toDevice: new LineNoise({ seed: 2, ...line.toDevice }) };
    this.attachments.set(path, attachment);
    return attachment;
  }

  async list(): Promise<PortInfo[]> {
    return [...this.attachments.keys()].map((path) => ({
      path, manufacturer: 'Snowline avr8js', serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined,
    }));
  }

  async open(options: OpenOptions): Promise<SimulatedPort> {
    const attachment = this.attachments.get(options.path);
    if (!attachment) throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
    if (attachment.port) throw new Error(`Error Resource temporarily unavailable Cannot lock port ${options.path}`);
    const port = new SimulatedPort(attachment, options, () => { attachment.port = undefined; });
    attachment.port = port;
    return port;
  }
}
