// Serves the test pages, sp.js (as built by `npm run build`) and the official tracker bundle on 127.0.0.1.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildOfficialTracker, buildSpJs } from '../tools/bundles.ts';

export interface PageServer {
  /** Origin of the pages, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  /** Adds or replaces a page. */
  page(path: string, html: string): void;
  stop(): Promise<void>;
}

let scripts: Promise<{ sp: string; official: string }> | undefined;

const ES_MODULE = fileURLToPath(new URL('../../../dist/tracker/index.js', import.meta.url));

/**
 * Pages by path; `/sp.js`, `/official.js`, `/slow/sp.js` (sp.js after `slowScriptDelayMs`) and `/tracker/index.js`
 * (the ES module as `npm run build` wrote it) are built in.
 */
export async function startPageServer(options: { slowScriptDelayMs?: number } = {}): Promise<PageServer> {
  scripts ??= Promise.all([buildSpJs(), buildOfficialTracker()]).then(([sp, official]) => ({ sp, official }));
  const { sp, official } = await scripts;
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url!, 'http://pages').pathname;
    const send = (type: string, body: string) => {
      res.setHeader('Content-Type', type);
      res.setHeader('Cache-Control', 'no-store');
      res.end(body);
    };
    if (path == '/sp.js') return send('text/javascript', sp);
    if (path == '/official.js') return send('text/javascript', official);
    if (path == '/tracker/index.js') return send('text/javascript', readFileSync(ES_MODULE, 'utf8'));
    if (path == '/slow/sp.js') return void setTimeout(() => send('text/javascript', sp), options.slowScriptDelayMs ?? 500);
    const html = pages.get(path);
    if (html === undefined) {
      res.statusCode = 404;
      return res.end('not found');
    }
    send('text/html; charset=utf-8', html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    page: (path, html) => void pages.set(path, html),
    stop: () => new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}

/** The classic async snippet (as published for sp.js), loading `scriptUrl` under the global `name`. */
export function asyncSnippet(scriptUrl: string, name = 'snowplow'): string {
  return `<script>;(function(p,l,o,w,i,n,g){if(!p[i]){p.GlobalSnowplowNamespace=p.GlobalSnowplowNamespace||[];
p.GlobalSnowplowNamespace.push(i);p[i]=function(){(p[i].q=p[i].q||[]).push(arguments)
};p[i].q=p[i].q||[];n=l.createElement(o);g=l.getElementsByTagName(o)[0];n.async=1;
n.src=w;g.parentNode.insertBefore(n,g)}}(window,document,"script","${scriptUrl}","${name}"));</script>`;
}

/** A page: title, head scripts, body. */
export function html(title: string, head: string, body = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
}
