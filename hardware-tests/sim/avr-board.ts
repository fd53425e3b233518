// An Arduino Uno (ATmega328P at 16 MHz) emulated by avr8js inside Node: CPU, the three timers (timer0 drives
// millis()), USART0, EEPROM, the ADC and the GPIO ports. The UART is exposed as a byte stream (`board.serial`): what the firmware
// transmits is readable (and lost when nobody listens, like a real line), what is written is delivered to the firmware's receiver one character at a time at the
// baud rate the sketch configured, as a real line would. EEPROM survives reset() and powerCycle().
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import {
  adcConfig, AVRADC, avrInstruction, AVREEPROM, AVRIOPort, AVRTimer, AVRUSART, CPU, EEPROMMemoryBackend, eepromConfig,
  portBConfig, portCConfig, portDConfig, timer0Config, timer1Config, timer2Config, usart0Config,
} from 'avr8js';
import { readIntelHex } from './intel-hex.ts';
import { fixUsartFlags } from './usart-flag-fix.ts';

/**
 * `fast`: run as fast as the host allows (about 3x real time for one board on one core, proportionally slower
 * with many boards in one process); device time is then unrelated to the wall clock.
 * `wallclock`: never run ahead of the wall clock, as a real board attached to a real serial port would.
 */
export type TimeMode = 'fast' | 'wallclock';

export interface AvrBoardOptions {
  /** Intel HEX text of the firmware, or the program bytes. */
  readonly firmware: string | Uint8Array;
  readonly name?: string;
  readonly timeMode?: TimeMode;
  /** EEPROM contents to start from (shared with the caller: writes by the firmware are visible in it). */
  readonly eeprom?: EEPROMMemoryBackend;
  /** Longest stretch of simulated time run before yielding to the event loop. */
  readonly sliceMs?: number;
}

const FREQUENCY_HZ = 16_000_000;
const STANDARD_BAUD_RATES = [300, 1200, 2400, 4800, 9600, 14_400, 19_200, 28_800, 38_400, 57_600, 76_800, 115_200, 230_400, 250_000, 500_000, 1_000_000];
const SRAM_BYTES = 2048;
const EEPROM_BYTES = 1024;
/** How much output is kept for waitForOutput(); older output is discarded. */
const TRANSCRIPT_LIMIT_BYTES = 1 << 20;

interface Machine {
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly ports: readonly AVRIOPort[];
  readonly adc: AVRADC;
}

/** Arduino Uno digital pin → [port index (0 = B, 1 = C, 2 = D), bit]: D0-D7 on PORTD, D8-D13 on PORTB, A0-A5 (14-19) on PORTC. */
function unoPin(pin: number): [number, number] {
  if (!Number.isInteger(pin) || pin < 0 || pin > 19) throw new RangeError(`no such Uno pin: ${pin}`);
  if (pin <= 7) return [2, pin];
  if (pin <= 13) return [0, pin - 8];
  return [1, pin - 14];
}

export class AvrBoard extends EventEmitter {
  readonly name: string;
  readonly eeprom: EEPROMMemoryBackend;
  readonly serial: Duplex;
  readonly timeMode: TimeMode;
  /** Bytes the line delivered while the firmware's receiver was off (before Serial.begin or during reset): lost, as on hardware. */
  rxBytesLostWhileDisabled = 0;
  private readonly program: Uint16Array;
  private readonly sliceCycles: number;
  private machine: Machine;
  private readonly rxQueue: number[] = [];
  private txPending: number[] = [];
  private transcript = '';
  private running = false;
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  /** Simulated cycles before the current machine was created (uptime restarts at a reset; this does not). */
  private cyclesBeforeReset = 0;
  private wallStartMs = 0;
  private simulatedAtWallStart = 0;
  private resets = 0;
  /** Levels driven onto input pins from outside; undriven pins read high, as with INPUT_PULLUP and an open button. */
  private readonly drivenLow = new Set<number>();
  /** Volts on the analog inputs A0-A5 (AVCC is 5 V); survive resets. */
  private readonly analogVolts = new Array<number>(6).fill(0);
  private readonly simulatedWaiters: Array<{ atMs: number; resolve: () => void }> = [];

  constructor(options: AvrBoardOptions) {
    super();
    this.name = options.name ?? 'board';
    this.timeMode = options.timeMode ?? 'fast';
    this.eeprom = options.eeprom ?? new EEPROMMemoryBackend(EEPROM_BYTES);
    const bytes = typeof options.firmware === 'string' ? readIntelHex(options.firmware) : options.firmware;
    this.program = new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - (bytes.byteLength % 2)));
    this.sliceCycles = Math.round(((options.sliceMs ?? 5) * FREQUENCY_HZ) / 1000);
    this.machine = this.createMachine();
    this.serial = new Duplex({
      read: () => {},
      write: (chunk: Buffer, _encoding, callback) => {
        for (const byte of chunk) this.rxQueue.push(byte);
        this.feedReceiver();
        callback();
      },
      final: (callback) => callback(),
    });
    // A serial line does not store bytes: what the board sends while nothing listens is gone, as on hardware.
    this.serial.resume();
  }

  /** Device uptime in ms since the last reset or power-up (what millis() returns, give or take its rounding). */
  get uptimeMs(): number {
    return (this.machine.cpu.cycles / FREQUENCY_HZ) * 1000;
  }

  /** Simulated ms since the board was created, across resets. */
  get simulatedMs(): number {
    return ((this.cyclesBeforeReset + this.machine.cpu.cycles) / FREQUENCY_HZ) * 1000;
  }

  /** The baud rate the firmware configured (UBRR and U2X), or 0 while the transmitter and receiver are off. */
  get baudRate(): number {
    const { usart } = this.machine;
    return usart.txEnable || usart.rxEnable ? usart.baudRate : 0;
  }

  /**
   * The standard rate the firmware asked for: the UART's real rate differs by the divider's rounding (Serial.begin
   * (57600) on a 16 MHz Uno runs at 58,824 baud), which a real line tolerates up to about 2 percent.
   */
  get nominalBaudRate(): number {
    const actual = this.baudRate;
    if (actual === 0) return 0;
    const nearest = STANDARD_BAUD_RATES.reduce((best, rate) => (Math.abs(rate - actual) < Math.abs(best - actual) ? rate : best));
    return Math.abs(nearest - actual) / nearest <= 0.035 ? nearest : actual;
  }

  get resetCount(): number {
    return this.resets;
  }

  /** Everything the firmware printed since the last clearTranscript() (up to the last 1 MB). */
  get output(): string {
    return this.transcript;
  }

  clearTranscript(): void {
    this.transcript = '';
  }

  /** Drives an input pin from outside: `false` is a button to ground pressed, `true` released. Survives resets. */
  setDigitalInput(pin: number, high: boolean): void {
    const [port, bit] = unoPin(pin);
    if (high) this.drivenLow.delete(pin);
    else this.drivenLow.add(pin);
    this.machine.ports[port]!.setPin(bit, high);
  }

  /** Puts `volts` (0 to 5) on analog input A`channel`, e.g. 0.75 V from a TMP36 at 25 degrees Celsius. */
  setAnalogInput(channel: number, volts: number): void {
    if (!Number.isInteger(channel) || channel < 0 || channel > 5) throw new RangeError(`no such Uno analog input: A${channel}`);
    this.analogVolts[channel] = volts;
    this.machine.adc.channelValues[channel] = volts;
  }

  /**
   * Presses a button to ground on `pin` for `holdMs` of simulated time, then leaves it released for `releaseMs`
   * before resolving, so that a firmware whose loop() is busy for a few ms (writing a frame) sees every press
   * and every release (the board must be running).
   */
  async pressButton(pin: number, holdMs = 50, releaseMs = 20): Promise<void> {
    this.setDigitalInput(pin, false);
    await this.waitForSimulatedMs(holdMs);
    this.setDigitalInput(pin, true);
    await this.waitForSimulatedMs(releaseMs);
  }

  /** Resolves once the board has run `ms` more of simulated time. */
  waitForSimulatedMs(ms: number): Promise<void> {
    return new Promise((resolve) => this.simulatedWaiters.push({ atMs: this.simulatedMs + ms, resolve }));
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.wallStartMs = performance.now();
    this.simulatedAtWallStart = this.simulatedMs;
    this.schedule(0);
    return this;
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) {
      clearImmediate(this.timer as NodeJS.Immediate);
      clearTimeout(this.timer as NodeJS.Timeout);
      this.timer = undefined;
    }
  }

  /** Stops the board for good and ends its serial stream. */
  destroy(): void {
    this.stop();
    this.serial.push(null);
    this.serial.destroy();
  }

  /**
   * Pulls the RESET line: the firmware starts again from address 0 with its RAM re-initialised, bytes in the
   * receiver are lost, EEPROM keeps its contents. A frame being transmitted is cut where it was.
   */
  reset(): void {
    this.cyclesBeforeReset += this.machine.cpu.cycles;
    this.rxQueue.length = 0;
    this.flushTransmitted();
    this.machine = this.createMachine();
    this.resets += 1;
    this.emit('reset');
  }

  /**
   * Removes power for `offMs` of wall-clock time (the board neither runs nor receives: bytes sent to it meanwhile
   * are lost), then powers up again from a cold start. EEPROM keeps its contents.
   */
  async powerCycle(offMs = 50): Promise<void> {
    const wasRunning = this.running;
    this.stop();
    this.reset();
    // The new machine's receiver is off until the firmware runs Serial.begin(), so bytes written meanwhile are lost.
    await new Promise((resolve) => setTimeout(resolve, offMs));
    if (wasRunning) this.start();
  }

  /** Runs the firmware for `ms` of simulated time without the event loop (tests of the board itself). */
  runSimulatedMs(ms: number): void {
    const target = this.machine.cpu.cycles + Math.round((ms * FREQUENCY_HZ) / 1000);
    this.execute(target);
    this.flushTransmitted();
  }

  /** Resolves with the output so far once it matches `pattern`; rejects after `timeoutMs` of wall-clock time. */
  waitForOutput(pattern: RegExp | string, timeoutMs = 10_000): Promise<string> {
    const matches = () => (typeof pattern === 'string' ? this.transcript.includes(pattern) : pattern.test(this.transcript));
    if (matches()) return Promise.resolve(this.transcript);
    return new Promise((resolve, reject) => {
      const onData = () => {
        if (!matches()) return;
        cleanup();
        resolve(this.transcript);
      };
      const timeout = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: no output matching ${String(pattern)} within ${timeoutMs} ms; output so far:\n${this.transcript.slice(-2000)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timeout);
        this.off('transmit', onData);
      };
      this.on('transmit', onData);
    });
  }

  private createMachine(): Machine {
    const cpu = new CPU(this.program, SRAM_BYTES);
    new AVRTimer(cpu, timer0Config);
    new AVRTimer(cpu, timer1Config);
    new AVRTimer(cpu, timer2Config);
    new AVREEPROM(cpu, this.eeprom, eepromConfig);
    const ports = [portBConfig, portCConfig, portDConfig].map((config) => new AVRIOPort(cpu, config));
    for (let pin = 0; pin <= 19; pin++) {
      const [port, bit] = unoPin(pin);
      ports[port]!.setPin(bit, !this.drivenLow.has(pin));
    }
    const adc = new AVRADC(cpu, adcConfig);
    this.analogVolts.forEach((volts, channel) => { adc.channelValues[channel] = volts; });
    const usart = new AVRUSART(cpu, usart0Config, FREQUENCY_HZ);
    fixUsartFlags(cpu, usart0Config);
    usart.onByteTransmit = (byte) => this.txPending.push(byte);
    usart.onRxComplete = () => this.feedReceiver();
    usart.onConfigurationChange = () => this.emit('configuration', { baudRate: this.baudRate });
    return { cpu, usart, ports, adc };
  }

  /** Hands the next queued byte to the receiver; it arrives one character time later (start, 8 data, stop bits). */
  private feedReceiver(): void {
    const { usart } = this.machine;
    while (this.rxQueue.length > 0 && !usart.rxBusy) {
      if (!usart.rxEnable) {
        this.rxBytesLostWhileDisabled += this.rxQueue.length;
        this.rxQueue.length = 0;
        return;
      }
      if (usart.writeByte(this.rxQueue[0]!) === false) return;
      this.rxQueue.shift();
    }
  }

  private execute(targetCycles: number): void {
    const { cpu } = this.machine;
    while (cpu.cycles < targetCycles) {
      avrInstruction(cpu);
      cpu.tick();
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = delayMs <= 0 ? setImmediate(() => this.runSlice()) : setTimeout(() => this.runSlice(), delayMs);
  }

  private runSlice(): void {
    if (!this.running) return;
    const machine = this.machine;
    let budget = this.sliceCycles;
    if (this.timeMode === 'wallclock') {
      const allowedMs = this.simulatedAtWallStart + (performance.now() - this.wallStartMs) - this.simulatedMs;
      if (allowedMs < 1) {
        this.schedule(Math.max(1, Math.ceil(-allowedMs)));
        return;
      }
      budget = Math.min(budget, Math.round((allowedMs * FREQUENCY_HZ) / 1000));
    }
    this.feedReceiver();
    this.execute(machine.cpu.cycles + budget);
    this.flushTransmitted();
    this.wakeSimulatedWaiters();
    this.schedule(0);
  }

  private wakeSimulatedWaiters(): void {
    if (this.simulatedWaiters.length === 0) return;
    const now = this.simulatedMs;
    for (let index = this.simulatedWaiters.length - 1; index >= 0; index--) {
      const waiter = this.simulatedWaiters[index]!;
      if (waiter.atMs <= now) {
        this.simulatedWaiters.splice(index, 1);
        waiter.resolve();
      }
    }
  }

  private flushTransmitted(): void {
    if (this.txPending.length === 0) return;
    const chunk = Buffer.from(this.txPending);
    this.txPending = [];
    this.transcript += chunk.toString('latin1');
    if (this.transcript.length > TRANSCRIPT_LIMIT_BYTES) {
      this.transcript = this.transcript.slice(this.transcript.length - TRANSCRIPT_LIMIT_BYTES);
    }
    this.serial.push(chunk);
    this.emit('transmit', chunk);
  }
}
