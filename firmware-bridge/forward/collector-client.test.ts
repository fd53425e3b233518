import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CollectorClient } from './collector-client.ts';

interface Seen {
  readonly remotePort: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

async function startServer(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void): Promise<{ url: URL; seen: Seen[]; server: http.Server }> {
  const seen: Seen[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ remotePort: request.socket.remotePort!, headers: request.headers, body });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/com.snowplowanalytics.snowplow/tp2`), seen, server };
}

describe('collector client', () => {
  let server: http.Server | undefined;
  let client: CollectorClient | undefined;

  afterEach(async () => {
    client?.close();
    client = undefined;
    const running = server;
    server = undefined;
    if (!running) return;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  });

  it('posts each batch with its length over one kept-alive connection and answers with the status', async () => {
    const started = await startServer((_request, response) => response.writeHead(200).end('ok'));
    server = started.server;
    client = new CollectorClient(started.url, 5000);
    const body = '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"pv","tv":"t","p":"iot"}]}';
    for (let request = 0; request < 3; request++) {
      expect(await client.post(body, { 'content-type': 'application/json; charset=UTF-8' })).toEqual({ status: 200 });
    }
    expect(started.seen.map((request) => request.body)).toEqual([body, body, body]);
    expect(started.seen[0]!.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(started.seen[0]!.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(new Set(started.seen.map((request) => request.remotePort)).size).toBe(1);
  });

  it('gives a 503 back as a status, not as an error', async () => {
    const started = await startServer((_request, response) => response.writeHead(503).end('down'));
    server = started.server;
    client = new CollectorClient(started.url, 5000);
    expect(await client.post(Buffer.from('raw body'), { 'content-type': 'application/octet-stream' })).toEqual({ status: 503 });
  });

  it('fails a request the collector does not answer within the timeout', async () => {
    const started = await startServer(() => undefined);
    server = started.server;
    client = new CollectorClient(started.url, 200);
    await expect(client.post('{}', { 'content-type': 'application/json' })).rejects.toThrow('no answer within 200 ms');
  });

  it('retries once on a fresh connection when the kept-alive one was closed, but not a failure on a fresh one', async () => {
    let n = 0;
    // The second request of each round has its connection closed under it, without an answer.
    const started = await startServer((request, response) => (++n === 2 ? request.socket.destroy() : response.writeHead(200).end('ok')));
    server = started.server;
    client = new CollectorClient(started.url, 5000);
    expect(await client.post('a', {})).toEqual({ status: 200 });
    expect(await client.post('b', {})).toEqual({ status: 200 });
    expect(new Set(started.seen.map((request) => request.remotePort)).size).toBe(2);
    n = 1;
    const fresh = new CollectorClient(started.url, 5000);
    try {
      await expect(fresh.post('c', {})).rejects.toMatchObject({ code: 'ECONNRESET' });
    } finally {
      fresh.close();
    }
  });

  it('fails when nothing listens at the collector address', async () => {
    const started = await startServer(() => undefined);
    await new Promise((resolve) => started.server.close(resolve));
    client = new CollectorClient(started.url, 1000);
    await expect(client.post('{}', { 'content-type': 'application/json' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
