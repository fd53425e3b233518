// An HTTP proxy in front of a collector that a test can switch off (503 for every request) and on again: the
// collector "down" without stopping the real one.
import http from 'node:http';
import type net from 'node:net';

export interface SwitchableProxy {
  readonly url: string;
  setUp(up: boolean): void;
  /** Requests answered 503 while down. */
  readonly refused: number;
  close(): Promise<void>;
}

export async function startSwitchableProxy(targetUrl: string): Promise<SwitchableProxy> {
  const target = new URL(targetUrl);
  let up = true;
  let refused = 0;
  const server = http.createServer((request, response) => {
    if (!up) {
      refused++;
      request.resume();
      response.writeHead(503).end('collector down (test)');
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    setUp(next) {
      up = next;
    },
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
