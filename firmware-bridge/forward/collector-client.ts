// POSTs to the collector over one kept-alive connection with node:http. fetch (undici) cost about twice the CPU
// per request here (web streams, an AbortSignal and its timer per request), which a bridge on a busy serial line
// pays ten times a second.
import http from 'node:http';
import https from 'node:https';

export interface CollectorResponse {
  readonly status: number;
}

export class CollectorClient {
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;

  constructor(
    private readonly url: URL,
    private readonly timeoutMs: number,
  ) {
    const secure = url.protocol === 'https:';
    this.request = secure ? https.request : http.request;
    // One request at a time is in flight (the forwarder waits for each answer), so one socket is enough.
    this.agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 1 });
  }

  /** Resolves with the status once the whole answer is read; rejects on network errors and after timeoutMs. */
  async post(body: string | Buffer, headers: Record<string, string>): Promise<CollectorResponse> {
    try {
      return await this.postOnce(body, headers);
    } catch (error) {
      // A kept-alive connection the collector closed while idle fails on reuse; one fresh attempt is not a failure.
      if ((error as { reusedSocket?: boolean }).reusedSocket !== true) throw error;
      return this.postOnce(body, headers);
    }
  }

  private postOnce(body: string | Buffer, headers: Record<string, string>): Promise<CollectorResponse> {
    return new Promise((resolve, reject) => {
      const request = this.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0 });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      request.on('error', (error) => {
        clearTimeout(timer);
        const code = (error as NodeJS.ErrnoException).code;
        const stale = request.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
        reject(Object.assign(error, { reusedSocket: stale }));
      });
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
