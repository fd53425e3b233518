// The collector for the OpenResty latency bench: a bare node:http server that reads each POST body and
// answers 200 `ok`, in its own process, so that the bench measures nginx and the tracker, not a collector.
import http from 'node:http';

const port = Number(process.argv[2] ?? 0);
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('ok');
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
