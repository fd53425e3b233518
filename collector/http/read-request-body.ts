import type { IncomingMessage } from 'node:http';

export type BodyReadResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too-large' | 'aborted' };

/**
 * Reads a request body up to `limitBytes`. A declared or actual size above the limit stops reading at once
 * (the caller answers 413 and closes the connection), so a huge body costs no memory.
 */
export function readRequestBody(request: IncomingMessage, limitBytes: number): Promise<BodyReadResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyReadResult) => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.pause();
        settle({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => settle({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) }));
    request.once('error', () => settle({ ok: false, reason: 'aborted' }));
    request.once('close', () => {
      if (!request.complete) settle({ ok: false, reason: 'aborted' });
    });
  });
}
