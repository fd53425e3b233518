// Turns a byte stream into frames, resynchronising on `$` (which only ever starts a frame) and `\n` (which only
// ever ends one). Anything between a line end and the next `$` is noise: boot messages, debug prints, line hits.
import { decodeFrame, MAX_FRAME_CHARS, type Frame, type NakReason } from './serial-frame.ts';

const DOLLAR = 0x24;
const LF = 0x0a;
const CR = 0x0d;

export interface FrameReaderStats {
  /** Frames that decoded (CRC and syntax good). */
  frames: number;
  crcErrors: number;
  syntaxErrors: number;
  /** Frames of an unsupported version. */
  versionErrors: number;
  /** Frames longer than MAX_FRAME_CHARS, discarded up to the next `$`. */
  overlong: number;
  /** Partial frames abandoned because a new `$` arrived before their line end (reset, lost bytes). */
  resyncs: number;
  /** Bytes outside any frame. */
  noiseBytes: number;
}

export type FrameReaderEvent =
  | { readonly type: 'frame'; readonly frame: Frame; readonly line: string }
  | { readonly type: 'bad-frame'; readonly reason: NakReason; readonly message: string; readonly line: string };

export function emptyFrameReaderStats(): FrameReaderStats {
  return { frames: 0, crcErrors: 0, syntaxErrors: 0, versionErrors: 0, overlong: 0, resyncs: 0, noiseBytes: 0 };
}

export class FrameReader {
  readonly stats = emptyFrameReaderStats();
  private readonly buffer = Buffer.alloc(MAX_FRAME_CHARS + 1) // + the `\r`;
  private length = 0;
  private inFrame = false;
  private overflowed = false;

  /** Feeds bytes; returns the frames and bad frames they completed, in order. */
  push(chunk: Uint8Array): FrameReaderEvent[] {
    const events: FrameReaderEvent[] = [];
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index]!;
      if (byte === DOLLAR) {
        if (this.inFrame && this.length > 0) this.stats.resyncs++;
        this.inFrame = true;
        this.overflowed = false;
        this.buffer[0] = byte;
        this.length = 1;
      } else if (byte === LF) {
        if (this.inFrame) events.push(this.finishLine());
        this.inFrame = false;
        this.length = 0;
      } else if (!this.inFrame) {
        if (byte !== CR) this.stats.noiseBytes++;
      } else if (this.length === this.buffer.length) {
        // Keep the frame open so that its line end is not mistaken for noise, but stop storing it.
        this.overflowed = true;
      } else {
        this.buffer[this.length++] = byte;
      }
    }
    return events;
  }

  private finishLine(): FrameReaderEvent {
    let end = this.length;
    if (end > 0 && this.buffer[end - 1] === CR) end--;
    const line = this.buffer.toString('latin1', 0, end);
    if (this.overflowed || end > MAX_FRAME_CHARS) {
      this.stats.overlong++;
      return { type: 'bad-frame', reason: 'long', message: `frame longer than ${MAX_FRAME_CHARS} chars`, line: line.slice(0, 64) };
    }
    const result = decodeFrame(line);
    if (result.ok) {
      this.stats.frames++;
      return { type: 'frame', frame: result.frame, line };
    }
    if (result.reason === 'crc') this.stats.crcErrors++;
    else if (result.reason === 'version') this.stats.versionErrors++;
    else if (result.reason === 'long') this.stats.overlong++;
    else this.stats.syntaxErrors++;
    return { type: 'bad-frame', reason: result.reason, message: result.message, line };
  }
}
