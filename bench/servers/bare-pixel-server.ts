// Baseline for the pixel benchmark: a bare node:http handler that does what a tracking pixel must do (parse the
// URL, read or set the `sp` cookie, answer the 43-byte GIF) and writes nothing anywhere.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const GIF = Buffer.from('R0lGODlhAQABAPAAAP///wAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const port = Number(process.argv[2] ?? 0);

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== '/i') {
    response.writeHead(404).end();
    return;
  }
  const cookie = /(?:^|;\s*)sp=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? randomUUID();
  const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
  response.writeHead(200, {
    'Content-Type': 'image/gif',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    'Set-Cookie': `sp=${cookie}; Expires=${expires}; Path=/; SameSite=None; Secure; HttpOnly`,
    'Content-Length': GIF.length,
  });
  response.end(GIF);
});
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
