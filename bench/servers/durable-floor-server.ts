// The durable floor: the bare server plus only what answering after the raw record's fdatasync needs, nothing else.
// It is bare-pixel-server.ts for `GET /i` and bare-json-post-server.ts for `POST` (without the JSON.parse a
// collector does not need), plus one JSON line a request with the raw record's fields, appended with group commit:
// one write and one fdatasync in flight, every request that arrives meanwhile in the next batch, each answer sent
// after the fdatasync covering its line. No rotation, limits, back-pressure, CORS or recovery. Its ratio against the
// bare server is what the durability promise alone costs on the machine; the collector's ratio against it is what
// the rest of the collector costs.
// Usage: durable-floor-server.ts <port> <data-dir>
import { randomUUID } from 'node:crypto';
import { fdatasync, mkdirSync, openSync, write } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { answerPixel, pixelCookie } from './pixel-answer.ts';

const [portArgument, dataDir] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: durable-floor-server.ts <port> <data-dir>\n');
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });
const fd = openSync(path.join(dataDir, 'floor.ndjson'), 'wx');

let lines: string[] = [];
let answers: (() => void)[] = [];
let writing = false;
let scheduled = false;
let fileOffset = 0;

function writeBatch(): void {
  if (writing || lines.length === 0) return;
  writing = true;
  const data = Buffer.from(lines.join(''));
  const batch = answers;
  lines = [];
  answers = [];
  write(fd, data, 0, data.length, fileOffset, (writeError, written) => {
    if (writeError || written !== data.length) throw writeError ?? new Error('short write');
    fileOffset += written;
    fdatasync(fd, (syncError) => {
      if (syncError) throw syncError;
      writing = false;
      for (const answer of batch) answer();
      writeBatch();
    });
  });
}

function appendThenAnswer(line: string, answer: () => void): void {
  lines.push(line + '\n');
  answers.push(answer);
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    writeBatch();
  });
}

function rawRecord(request: IncomingMessage, networkUserId: string, requestPath: string, querystring: string, body: string | null): string {
  const headers: string[] = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) headers.push(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}`);
  return JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0',
    id: randomUUID(),
    ipAddress: request.socket.remoteAddress ?? 'unknown',
    timestamp: Date.now(),
    encoding: 'UTF-8',
    collector: 'durable-floor',
    userAgent: request.headers['user-agent'] ?? null,
    refererUri: request.headers.referer ?? null,
    path: requestPath,
    querystring,
    body,
    headers,
    contentType: request.headers['content-type'] ?? null,
    hostname: request.headers.host ?? null,
    networkUserId,
  });
}

function pixel(request: IncomingMessage, response: ServerResponse, url: URL): void {
  const cookie = pixelCookie(request);
  appendThenAnswer(rawRecord(request, cookie, url.pathname, url.search.slice(1), null), () => answerPixel(response, cookie));
}

function post(request: IncomingMessage, response: ServerResponse, url: URL): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    appendThenAnswer(rawRecord(request, randomUUID(), url.pathname, url.search.slice(1), body), () => {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 2 });
      response.end('ok');
    });
  });
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'GET' && url.pathname === '/i') pixel(request, response, url);
  else if (request.method === 'POST') post(request, response, url);
  else response.writeHead(404).end();
});
server.listen(Number(portArgument), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
