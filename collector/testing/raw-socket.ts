import net from 'node:net';

export interface RawExchange {
  /** Everything the server sent until it closed the connection or the wait ended. */
  readonly received: string;
  /** True when the server closed the connection. */
  readonly closedByServer: boolean;
  /** Ms from connecting until the server closed (or the wait ended). */
  readonly elapsedMs: number;
}

/**
 * Writes raw bytes to a server, piece by piece with pauses, and collects what comes back: for malformed requests,
 * broken chunking and slow clients that fetch() cannot produce. Bounded by `waitMs`.
 */
export function rawExchange(port: number, pieces: readonly (string | Buffer | { pauseMs: number })[], waitMs = 5000): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(received).toString('latin1'), closedByServer, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (done) return;
        if (typeof piece === 'object' && 'pauseMs' in piece) await new Promise((resume) => setTimeout(resume, piece.pauseMs));
        else if (!socket.destroyed) socket.write(piece);
      }
    });
  });
}
