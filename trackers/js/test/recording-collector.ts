// A stand-in collector for browser tests that records every request exactly as it arrived (bytes on the wire)
// and answers as the real collector does (pixel, `ok`, CORS with credentials), or as a test tells it to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Answer = number | 'drop';

const PIXEL = Buffer.from('R0lGODlhAQABAPAAAP///wAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** The tracker-protocol events of a request: the query string of a GET, the `data` array of a POST. */
export function eventsOf(request: RecordedRequest): Array<Record<string, string>> {
  if (request.method == 'GET') return [Object.fromEntries(request.query)];
  if (request.method != 'POST' || !request.body) return [];
  return (JSON.parse(request.body) as { data: Array<Record<string, string>> }).data;
}

export interface RecordingCollector {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Every event received with a 2xx answer, in arrival order. */
  events(): Array<Record<string, string>>;
  /** Decides the answer to each tracking request (default 200); `drop` closes the socket without answering. */
  answer: (request: RecordedRequest) => Answer;
  waitForEvents(predicate: (event: Record<string, string>) => boolean, count?: number, timeoutMs?: number): Promise<Array<Record<string, string>>>;
  /** Stops listening (the port refuses connections) until `up`. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRecordingCollector(): Promise<RecordingCollector> {
  const accepted: Array<Record<string, string>> = [];
  const sockets = new Set<import('node:net').Socket>();
  let port = 0;
  const collector: RecordingCollector = {
    url: '',
    port: 0,
    requests: [],
    events: () => accepted,
    answer: () => 200,
    async waitForEvents(predicate, count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = accepted.filter(predicate);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${count} events, got ${found.length}: ${JSON.stringify(accepted.map((e) => e.e))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    down: () => new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
    up: () => new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve())),
    stop: () => collector.down(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const origin = req.headers.origin;
      res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      if (req.method == 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, SP-Anonymous');
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.end();
        return;
      }
      const url = new URL(req.url!, 'http://collector');
      const request: RecordedRequest = { method: req.method!, path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      collector.requests.push(request);
      const answer = collector.answer(request);
      if (answer == 'drop') {
        req.socket.destroy();
        return;
      }
      if (answer >= 200 && answer < 300) accepted.push(...eventsOf(request));
      res.statusCode = answer;
      if (req.method == 'GET') {
        res.setHeader('Content-Type', 'image/gif');
        res.end(PIXEL);
      } else {
        res.setHeader('Content-Type', 'text/plain');
        res.end('ok');
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
  collector.port = port;
  collector.url = `http://127.0.0.1:${port}`;
  return collector;
}
