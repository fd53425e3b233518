// A small HTTP server for tests that records every request as received (method, path, headers, raw body)
// and answers like a collector (200 `ok`, or a scripted status). It can be stopped and started again on the
// same port to play a collector that goes down and comes back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface RecordingCollector {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Statuses for the next requests, in order; after them every answer is 200. */
  answerWith(statuses: number[]): void;
  /** Resolves once `count` requests have been recorded (rejects after timeoutMs). */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
  /** Starts again on the same port after stop(). */
  restart(): Promise<void>;
}

export async function startRecordingCollector(port = 0): Promise<RecordingCollector> {
  const requests: RecordedRequest[] = [];
  let scripted: number[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<import('node:net').Socket>();
  const makeServer = () => {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const status = scripted.shift() ?? 200;
        response.writeHead(status, { 'Content-Type': 'text/plain' });
        response.end(status === 200 ? 'ok' : 'error');
        for (const wake of waiters) wake();
      });
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  };
  let server = makeServer();
  const listen = (on: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(on, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const boundPort = await listen(port);
  let running = true;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    port: boundPort,
    requests,
    answerWith(statuses) {
      scripted = [...statuses];
    },
    waitForRequests(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(requests.slice(0, count));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} requests within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (!running) return;
      running = false;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async restart() {
      if (running) return;
      server = makeServer();
      await listen(boundPort);
      running = true;
    },
  };
}
