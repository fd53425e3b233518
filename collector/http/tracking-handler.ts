import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeCollectorPayload } from '../../enrich/index.ts';
import type { CollectorSettings } from '../request/collector-settings.ts';
import { corsHeaders, preflightHeaders } from '../request/cors.ts';
import { decideTrackingResponse, type TrackingResponse } from '../request/decide-tracking-response.ts';
import type { TrackingRoute } from '../request/tracking-route.ts';
import { sizeViolationBadRow } from '../spool/collector-bad-rows.ts';
import { PIXEL_GIF } from './fixed-responses.ts';
import { readRequestBody } from './read-request-body.ts';

/** Where records go, and whether the collector may accept more. */
export interface TrackingSinks {
  appendRecord(line: string): Promise<void>;
  appendBadRow(line: string): Promise<void>;
  /** Non-null (a reason) when the spool is above its high-water mark or the disk is nearly full. */
  overloadReason(): string | null;
}

export interface TrackingCounters {
  recorded: number;
  sizeViolations: number;
  rejectedOverloaded: number;
  rejectedTooLarge: number;
  failedDurableWrite: number;
}

// Node writes headers and a latin1 or utf8 string body in one socket write, but a Buffer body in a second one
// (writev): the pixel goes out as a latin1 string (hot path).
const PIXEL_GIF_LATIN1 = PIXEL_GIF.toString('latin1');

function send(response: ServerResponse, status: number, headers: readonly [string, string][], body: Buffer | string): void {
  if (response.headersSent || response.destroyed) return;
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, value);
  if (body === PIXEL_GIF) {
    flat.push('Content-Length', String(PIXEL_GIF.length));
    response.writeHead(status, flat);
    response.end(PIXEL_GIF_LATIN1, 'latin1');
    return;
  }
  flat.push('Content-Length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length));
  response.writeHead(status, flat);
  response.end(body);
}

function sendText(response: ServerResponse, status: number, text: string, extra: [string, string][] = []): void {
  send(response, status, [['Content-Type', 'text/plain; charset=utf-8'], ...extra], text);
}

/**
 * The HTTP adapter around `decideTrackingResponse`: enforces limits and back-pressure, reads the body, makes the
 * record durable (the spool resolves only after the fsync covering it), and only then answers.
 */
export function createTrackingHandler(settings: CollectorSettings, sinks: TrackingSinks, counters: TrackingCounters) {
  const { limits, timeouts, backpressure, cors } = settings.config;
  const retryAfter: [string, string] = ['Retry-After', String(backpressure.retryAfterSeconds)];

  return async function handleTracking(request: IncomingMessage, response: ServerResponse, route: TrackingRoute, requestPath: string, querystring: string): Promise<void> {
    if (route.kind === 'preflight') {
      send(response, 200, preflightHeaders(request.headers.origin, cors), '');
      return;
    }
    const receivedAtMs = Date.now();
    // Refusals carry CORS headers too, so that a browser tracker sees the status (and Retry-After), not a network error.
    const refusalHeaders = (): [string, string][] => [...corsHeaders(request.headers.origin, cors), retryAfter];
    const overload = sinks.overloadReason();
    if (overload !== null) {
      counters.rejectedOverloaded++;
      // The body is not read: close the connection after answering so the unread bytes do not poison keep-alive.
      if (request.method === 'POST') response.shouldKeepAlive = false;
      sendText(response, 503, `collector overloaded: ${overload}`, refusalHeaders());
      return;
    }
    let body: string | null = null;
    if (request.method === 'POST') {
      const read = await readRequestBody(request, limits.dropPayloadSizeBytes);
      if (!read.ok) {
        if (read.reason === 'too-large') {
          counters.rejectedTooLarge++;
          response.shouldKeepAlive = false;
          sendText(response, 413, `request body larger than ${limits.dropPayloadSizeBytes} bytes`, corsHeaders(request.headers.origin, cors));
        } else response.destroy();
        return;
      }
      body = read.body.toString('utf8');
    }
    const decision = decideTrackingResponse(
      {
        route,
        requestPath,
        method: request.method ?? 'GET',
        querystring,
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        socketAddress: request.socket.remoteAddress ?? 'unknown',
        body,
        receivedAtMs,
      },
      settings,
    );
    if (decision.record === null) {
      answer(response, decision.response);
      return;
    }
    const line = encodeCollectorPayload(decision.record);
    // A stalled disk must not hold the client forever; 408 tells it the outcome is unknown, so it retries.
    const timer = setTimeout(() => sendText(response, 408, 'request timed out before the record was durable'), timeouts.responseTimeoutMs);
    try {
      if (line.length > limits.maxPayloadSizeBytes / 3 && Buffer.byteLength(line) > limits.maxPayloadSizeBytes) {
        await sinks.appendBadRow(JSON.stringify(sizeViolationBadRow(line, limits.maxPayloadSizeBytes, receivedAtMs)));
        counters.sizeViolations++;
      } else {
        await sinks.appendRecord(line);
        counters.recorded++;
      }
    } catch (error) {
      counters.failedDurableWrite++;
      clearTimeout(timer);
      sendText(response, 503, `record could not be made durable: ${(error as Error).message}`, refusalHeaders());
      return;
    }
    clearTimeout(timer);
    answer(response, decision.response);
  };
}

function answer(response: ServerResponse, decided: TrackingResponse): void {
  send(response, decided.status, decided.headers, decided.body);
}
