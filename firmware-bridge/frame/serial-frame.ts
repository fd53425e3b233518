// The serial frame protocol, version 1 (docs/formats/serial.md): one printable-ASCII line per frame,
// `$` starts a frame, `|` separates fields, the last field is a CRC-16 of everything before it.
import { crc16Hex } from './crc16.ts';

export const FRAME_VERSION = 1;
/** Longest frame accepted, from `$` to the CRC, without the line end. Devices send far shorter frames. */
export const MAX_FRAME_CHARS = 512;
export const MAX_DEVICE_ID_CHARS = 32;
const UINT32_MAX = 0xffffffff;

/** A tracked event, sent by a device (and retransmitted until acknowledged). */
export interface EventFrame {
  readonly kind: 'event';
  readonly deviceId: string;
  /** Chosen by the device at boot; with `seq` it names the event for deduplication. */
  readonly bootId: number;
  readonly seq: number;
  /** Device uptime (ms, wraps at 2^32) when the event was tracked. */
  readonly createdUptimeMs: number;
  /** Device uptime (ms) when this copy of the frame was written to the line. */
  readonly sentUptimeMs: number;
  /** Events the device dropped since boot because its buffer was full. */
  readonly droppedTotal: number;
  /** Tracker-protocol querystring, in the frame's restricted character set. */
  readonly payload: string;
}

/** Sent by the bridge once the event with this boot id and sequence number is durable. */
export interface AckFrame {
  readonly kind: 'ack';
  readonly bootId: number;
  readonly seq: number;
}

export const NAK_REASONS = ['crc', 'syntax', 'version', 'long'] as const;
export type NakReason = (typeof NAK_REASONS)[number];

/** Sent by the bridge for a frame it could not read: the device retransmits without waiting for its timer. */
export interface NakFrame {
  readonly kind: 'nak';
  readonly reason: NakReason;
}

export type Frame = EventFrame | AckFrame | NakFrame;

export type FrameDecodeResult =
  | { readonly ok: true; readonly frame: Frame }
  | { readonly ok: false; readonly reason: NakReason; readonly message: string };

const DEVICE_ID = /^[A-Za-z0-9._:-]{1,32}$/;
const HEX_NUMBER = /^(0|[1-9a-f][0-9a-f]{0,7})$/;
const CRC_FIELD = /^[0-9A-F]{4}$/;

/** True for a character a payload may carry raw: printable ASCII except space, `$` and `|`. */
export function isPayloadChar(code: number): boolean {
  return code > 0x20 && code < 0x7f && code !== 0x24 && code !== 0x7c;
}

function hex(value: number, field: string): string {
  if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
    throw new RangeError(`${field} must be an integer from 0 to 2^32-1, got ${value}`);
  }
  return value.toString(16);
}

function withCrc(body: string): string {
  return `${body}${crc16Hex(body)}\r\n`;
}

/** The bytes of an event frame on the line, `\r\n` included. Throws on values the protocol cannot carry. */
export function encodeEventFrame(frame: Omit<EventFrame, 'kind'>): string {
  if (!DEVICE_ID.test(frame.deviceId)) throw new RangeError(`deviceId must match ${DEVICE_ID}, got "${frame.deviceId}"`);
  if (frame.payload.length === 0) throw new RangeError('payload must not be empty');
  for (let index = 0; index < frame.payload.length; index++) {
    if (!isPayloadChar(frame.payload.charCodeAt(index))) {
      throw new RangeError(`payload character ${JSON.stringify(frame.payload[index])} must be percent-encoded`);
    }
  }
  const body =
    `$${FRAME_VERSION}E|${frame.deviceId}|${hex(frame.bootId, 'bootId')}|${hex(frame.seq, 'seq')}|` +
    `${hex(frame.createdUptimeMs, 'createdUptimeMs')}|${hex(frame.sentUptimeMs, 'sentUptimeMs')}|` +
    `${hex(frame.droppedTotal, 'droppedTotal')}|${frame.payload}|`;
  if (body.length + 4 > MAX_FRAME_CHARS) throw new RangeError(`frame would be ${body.length + 4} chars, limit ${MAX_FRAME_CHARS}`);
  return withCrc(body);
}

export function encodeAckFrame(bootId: number, seq: number): string {
  return withCrc(`$${FRAME_VERSION}A|${hex(bootId, 'bootId')}|${hex(seq, 'seq')}|`);
}

export function encodeNakFrame(reason: NakReason): string {
  return withCrc(`$${FRAME_VERSION}N|${reason}|`);
}

function fail(reason: NakReason, message: string): FrameDecodeResult {
  return { ok: false, reason, message };
}

/**
 * Decodes one frame: the text from `$` up to the line end, with `\r\n` already removed.
 * Never throws: a bad frame is a reason (the NAK the bridge answers with) and a message for the log.
 */
export function decodeFrame(line: string): FrameDecodeResult {
  if (line.length > MAX_FRAME_CHARS) return fail('long', `frame of ${line.length} chars exceeds ${MAX_FRAME_CHARS}`);
  if (line.length < 8 || line[0] !== '$') return fail('syntax', 'frame must start with "$" and end with a CRC field');
  const crcStart = line.length - 4;
  if (line[crcStart - 1] !== '|' || !CRC_FIELD.test(line.slice(crcStart))) {
    return fail('syntax', 'frame must end with "|" and four upper-case hex CRC digits');
  }
  const body = line.slice(0, crcStart);
  const expected = crc16Hex(body);
  if (expected !== line.slice(crcStart)) return fail('crc', `CRC ${line.slice(crcStart)} does not match ${expected}`);
  if (line[1] !== String(FRAME_VERSION)) return fail('version', `frame version "${line[1]}" is not supported (only ${FRAME_VERSION})`);
  const fields = body.slice(4, -1).split('|');
  switch (line[2]) {
    case 'E':
      return decodeEvent(fields);
    case 'A':
      return decodeAck(fields);
    case 'N':
      return fields.length === 1 && (NAK_REASONS as readonly string[]).includes(fields[0]!)
        ? { ok: true, frame: { kind: 'nak', reason: fields[0] as NakReason } }
        : fail('syntax', 'a NAK frame carries one known reason');
    default:
      return fail('syntax', `unknown frame type "${line[2]}"`);
  }
}

function parseHex(text: string | undefined): number | undefined {
  return text !== undefined && HEX_NUMBER.test(text) ? Number.parseInt(text, 16) : undefined;
}

function decodeEvent(fields: string[]): FrameDecodeResult {
  if (fields.length !== 7) return fail('syntax', `an event frame has 7 fields before the CRC, got ${fields.length}`);
  const [deviceId, boot, seq, created, sent, dropped, payload] = fields as [string, string, string, string, string, string, string];
  if (!DEVICE_ID.test(deviceId)) return fail('syntax', `device id "${deviceId}" is not 1-${MAX_DEVICE_ID_CHARS} of [A-Za-z0-9._:-]`);
  const numbers = [parseHex(boot), parseHex(seq), parseHex(created), parseHex(sent), parseHex(dropped)];
  if (numbers.some((value) => value === undefined)) {
    return fail('syntax', 'boot id, sequence, uptimes and dropped count must be lower-case hex without leading zeros');
  }
  if (payload.length === 0) return fail('syntax', 'an event frame carries a non-empty payload');
  for (let index = 0; index < payload.length; index++) {
    if (!isPayloadChar(payload.charCodeAt(index))) return fail('syntax', `payload holds a character that must be percent-encoded`);
  }
  const [bootId, sequence, createdUptimeMs, sentUptimeMs, droppedTotal] = numbers as number[];
  return {
    ok: true,
    frame: { kind: 'event', deviceId, bootId: bootId!, seq: sequence!, createdUptimeMs: createdUptimeMs!, sentUptimeMs: sentUptimeMs!, droppedTotal: droppedTotal!, payload },
  };
}

function decodeAck(fields: string[]): FrameDecodeResult {
  const bootId = parseHex(fields[0]);
  const seq = parseHex(fields[1]);
  if (fields.length !== 2 || bootId === undefined || seq === undefined) return fail('syntax', 'an ACK frame carries a boot id and a sequence number');
  return { ok: true, frame: { kind: 'ack', bootId, seq } };
}
