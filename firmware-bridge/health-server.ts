// GET /health: JSON with the counters, queue and per-port figures; GET /metrics: the same in Prometheus text.
import http from 'node:http';
import type net from 'node:net';

export interface HealthReport {
  readonly status: 'ok';
  readonly counters: Record<string, number>;
  readonly queue: { readonly events: number; readonly bytes: number };
  readonly serialPorts: readonly Record<string, string | number | boolean>[];
  readonly mqtt?: { readonly brokerPort?: number; readonly clientTopic?: string };
}

export interface RunningHealthServer {
  readonly url: string;
  close(): Promise<void>;
}

function metrics(report: HealthReport): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(report.counters)) {
    const metric = `snowline_bridge_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_total`;
    lines.push(`# TYPE ${metric} counter`, `${metric} ${value}`);
  }
  lines.push('# TYPE snowline_bridge_queue_events gauge', `snowline_bridge_queue_events ${report.queue.events}`);
  lines.push('# TYPE snowline_bridge_queue_bytes gauge', `snowline_bridge_queue_bytes ${report.queue.bytes}`);
  for (const port of report.serialPorts) {
    for (const [name, value] of Object.entries(port)) {
      if (typeof value !== 'number') continue;
      const metric = `snowline_bridge_serial_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
      lines.push(`${metric}{path=${JSON.stringify(String(port.path))}} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function startHealthServer(host: string, port: number, report: () => HealthReport): Promise<RunningHealthServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || (path !== '/health' && path !== '/metrics')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /health or /metrics\n');
      return;
    }
    if (path === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(`${JSON.stringify(report())}\n`);
    } else {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics(report()));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
