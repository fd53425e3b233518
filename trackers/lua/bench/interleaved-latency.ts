// Request latency of several URLs of one server, measured in turns by the same workers (so that machine noise
// falls on every URL alike), with sub-millisecond resolution (autocannon reports whole milliseconds, and the
// difference that matters here is below one).
import http from 'node:http';

export interface LatencySummary {
  readonly url: string;
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function timedGet(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
    });
    request.on('error', reject);
  });
}

export async function interleavedLatency(urls: readonly string[], durationMs: number, concurrency = 4): Promise<LatencySummary[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const samples = urls.map(() => [] as number[]);
  const errors = urls.map(() => 0);
  const deadline = Date.now() + durationMs;
  const worker = async (offset: number) => {
    for (let turn = offset; Date.now() < deadline; turn++) {
      const index = turn % urls.length;
      try {
        samples[index]!.push(await timedGet(agent, urls[index]!));
      } catch {
        errors[index]!++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  agent.destroy();
  return urls.map((url, index) => {
    const sorted = samples[index]!.sort((a, b) => a - b);
    return { url, requests: sorted.length, errors: errors[index]!, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
  });
}
