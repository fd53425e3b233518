// What a tracking pixel must answer, shared by the bare pixel server and the durable floor so both send the same
// bytes: read or set the `sp` cookie, answer the 43-byte GIF with it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const GIF = Buffer.from('R0lGODlhAQABAPAAAP///wAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** The request's `sp` cookie, or a new id. */
export function pixelCookie(request: IncomingMessage): string {
  return /(?:^|;\s*)sp=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? randomUUID();
}

export function answerPixel(response: ServerResponse, cookie: string): void {
  const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
  response.writeHead(200, {
    'Content-Type': 'image/gif',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    'Set-Cookie': `sp=${cookie}; Expires=${expires}; Path=/; SameSite=None; Secure; HttpOnly`,
    'Content-Length': GIF.length,
  });
  response.end(GIF);
}
