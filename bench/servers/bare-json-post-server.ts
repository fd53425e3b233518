// Baseline for the POST benchmark: a bare node:http handler that reads a tp2 POST body, JSON.parses it and
// answers `ok`, writing nothing anywhere. argv = port.
import http from 'node:http';

const port = Number(process.argv[2] ?? 0);

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 2 });
    response.end('ok');
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
