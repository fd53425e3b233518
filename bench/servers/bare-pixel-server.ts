// Baseline for the pixel benchmark: a bare node:http handler that does what a tracking pixel must do (parse the
// URL, read or set the `sp` cookie, answer the 43-byte GIF) and writes nothing anywhere.
import http from 'node:http';
import { answerPixel, pixelCookie } from './pixel-answer.ts';

const port = Number(process.argv[2] ?? 0);

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== '/i') {
    response.writeHead(404).end();
    return;
  }
  answerPixel(response, pixelCookie(request));
});
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
