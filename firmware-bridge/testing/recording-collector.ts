// A stand-in collector for bridge tests: records every POST (events of payload_data bodies, and raw bodies with
// their headers), and can be switched to fail (503) or to stop listening, as a collector that is down.
import http from 'node:http';
import type net from 'node:net';

export interface RecordedRequest {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly events: Record<string, string>[];
}

export interface RecordingCollector {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Every event of every accepted payload_data POST, in arrival order. */
  events(): Record<string, string>[];
  /** 'up': 200; 'failing': 503 without recording. */
  setMode(mode: 'up' | 'failing'): void;
  /** Answer 400 (without recording) to every request whose body contains this text. */
  rejectBodiesContaining(text: string | undefined): void;
  waitForEvents(count: number, timeoutMs?: number): Promise<Record<string, string>[]>;
  close(): Promise<void>;
}

export async function startRecordingCollector(port = 0): Promise<RecordingCollector> {
  const requests: RecordedRequest[] = [];
  let mode: 'up' | 'failing' = 'up';
  let rejectText: string | undefined;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (mode === 'failing') {
        response.writeHead(503).end('down');
        return;
      }
      const body = Buffer.concat(chunks);
      if (rejectText !== undefined && body.includes(rejectText)) {
        response.writeHead(400).end('rejected (test)');
        return;
      }
      let events: Record<string, string>[] = [];
      if (String(request.headers['content-type']).startsWith('application/json')) {
        events = (JSON.parse(body.toString('utf8')) as { data: Record<string, string>[] }).data;
      }
      requests.push({ path: request.url ?? '', headers: request.headers, body, events });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const events = () => requests.flatMap((request) => request.events);
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests,
    events,
    setMode(next) {
      mode = next;
    },
    rejectBodiesContaining(text) {
      rejectText = text;
    },
    async waitForEvents(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (events().length < count) {
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${count} events at the recording collector, got ${events().length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return events();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
