import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import type { CollectorSettings } from '../request/collector-settings.ts';
import { classifyTrackingRequest, hotTrackingPaths, splitRequestTarget } from '../request/tracking-route.ts';
import type { createTrackingHandler } from './tracking-handler.ts';

type TrackingHandler = ReturnType<typeof createTrackingHandler>;

function plainAnswer(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * The node:http server. Tracking paths are dispatched before the express router (express costs 5x per request on
 * the hot path, TOOLCHAIN.md); everything else goes through the express application, and what it does not
 * handle falls back to the generic `/<vendor>/<version>` tracking routes, then 404.
 */
export function createCollectorServer(settings: CollectorSettings, app: Express, handleTracking: TrackingHandler): http.Server {
  const { limits, timeouts } = settings.config;
  const hotPaths = hotTrackingPaths(settings.aliases);

  const dispatch = (request: IncomingMessage, response: ServerResponse): void => {
    const target = request.url ?? '/';
    if (target.length > limits.maxRequestLineBytes) {
      response.shouldKeepAlive = false;
      plainAnswer(response, 400, `request target longer than ${limits.maxRequestLineBytes} bytes`);
      return;
    }
    if (headerBytes(request.rawHeaders) > limits.maxHeaderBytes) {
      response.shouldKeepAlive = false;
      plainAnswer(response, 400, `request headers larger than ${limits.maxHeaderBytes} bytes`);
      return;
    }
    const { path, querystring } = splitRequestTarget(target);
    const method = request.method ?? 'GET';
    if (hotPaths.has(path)) {
      const route = classifyTrackingRequest(method, path, settings.aliases);
      if (route !== null) {
        handleTracking(request, response, route, path, querystring).catch((error: unknown) => internalError(response, error));
        return;
      }
    }
    app(request as Parameters<Express>[0], response as Parameters<Express>[1], (error?: unknown) => {
      if (error) {
        internalError(response, error);
        return;
      }
      const route = classifyTrackingRequest(method, path, settings.aliases);
      if (route === null) plainAnswer(response, 404, '404 Not found');
      else handleTracking(request, response, route, path, querystring).catch((failure: unknown) => internalError(response, failure));
    });
  };

  const server = http.createServer(
    {
      // Node counts the request line inside its header limit.
      maxHeaderSize: limits.maxHeaderBytes + limits.maxRequestLineBytes,
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.idleTimeoutMs,
      // How often node looks for connections past headersTimeout/requestTimeout (its default is 30 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(timeouts.headersTimeoutMs / 4))),
    },
    dispatch,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));
  return server;
}

/** Size of the headers as sent: `Name: value\r\n` each. */
function headerBytes(rawHeaders: readonly string[]): number {
  let total = 0;
  for (const part of rawHeaders) total += part.length + 2;
  return total;
}

function internalError(response: ServerResponse, error: unknown): void {
  process.emitWarning(`collector: unexpected error while answering a request: ${(error as Error)?.stack ?? String(error)}`);
  plainAnswer(response, 500, 'internal error');
}

/** Malformed requests, oversized headers and slow clients: a status line when the socket still takes one. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = timedOut ? '408 Request Timeout' : '400 Bad Request';
  const text = timedOut ? 'request timed out' : error.code === 'HPE_HEADER_OVERFLOW' ? 'request headers too large' : 'bad request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}
