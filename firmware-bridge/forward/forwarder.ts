// Moves queued events to the collector as tracker-protocol POST batches (payload_data 1-0-4) and commits them in
// the queue only after the collector answered 2xx. While the collector is down or slow it retries with backoff;
// the queue keeps everything meanwhile, across restarts too.
import type { ForwardConfig } from '../config.ts';
import type { QueueRecord, QueuedEvent } from '../ingest/device-events.ts';
import type { DurableQueue } from '../queue/durable-queue.ts';
import type { BridgeCounters } from '../stats.ts';
import { CollectorClient } from './collector-client.ts';

const PAYLOAD_DATA_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4';

interface CollectorRequest {
  readonly count: number;
  readonly events: number;
  readonly body: string | Buffer;
  readonly headers: Record<string, string>;
}

type Outcome = 'ok' | 'retry' | 'rejected';

export class Forwarder {
  private stopped = false;
  private running: Promise<void> | undefined;
  private wakeSleep: (() => void) | undefined;
  private failing = false;
  private batchLimit: number;
  private readonly url: string;
  private readonly client: CollectorClient;

  constructor(
    private readonly queue: DurableQueue<QueueRecord>,
    private readonly collectorUrl: string,
    private readonly config: ForwardConfig,
    private readonly counters: BridgeCounters,
    private readonly log: (message: string) => void,
  ) {
    this.batchLimit = config.maxBatchEvents;
    this.url = `${collectorUrl.replace(/\/$/, '')}${config.postPath}`;
    this.client = new CollectorClient(new URL(this.url), config.requestTimeoutMs);
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Stops after the request in flight (its events stay queued unless it succeeded). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeSleep?.();
    this.queue.interruptWaits();
    await this.running;
    this.client.close();
  }

  private async run(): Promise<void> {
    let backoffMs = this.config.retryMinMs;
    while (!this.stopped) {
      await this.queue.waitForRecords();
      if (this.stopped) break;
      if (this.queue.depth < this.batchLimit && this.config.lingerMs > 0) await this.sleep(this.config.lingerMs);
      if (this.stopped) break;
      const request = this.nextRequest(this.queue.peek(this.batchLimit));
      const outcome = await this.send(request);
      if (this.stopped && outcome !== 'ok') break;
      if (outcome === 'ok') {
        await this.queue.commit(request.count);
        this.counters.forwarded += request.events;
        this.batchLimit = this.config.maxBatchEvents;
        backoffMs = this.config.retryMinMs;
        if (this.failing) this.log(`collector ${this.collectorUrl} accepts events again; ${this.queue.depth} queued`);
        this.failing = false;
      } else if (outcome === 'rejected' && request.count > 1) {
        // Find the one the collector refuses: halve the batch until it is alone.
        this.batchLimit = Math.ceil(request.count / 2);
      } else if (outcome === 'rejected') {
        await this.queue.commit(1);
        this.counters.collectorRejected += request.events;
        this.batchLimit = this.config.maxBatchEvents;
      } else {
        this.counters.forwardFailures++;
        await this.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, this.config.retryMaxMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** The next request: a malformed message or a lone event by itself, otherwise as many events as fit. */
  private nextRequest(records: readonly QueueRecord[]): CollectorRequest {
    const first = records[0]!;
    if (first.kind === 'malformed') {
      return {
        count: 1,
        events: 0,
        body: Buffer.from(first.bodyBase64, 'base64'),
        headers: {
          'content-type': 'application/octet-stream',
          'x-snowline-device': first.deviceId,
          'x-snowline-transport': first.transport,
          'x-snowline-reason': first.reason.replace(/[^\x20-\x7e]/g, '?').slice(0, 200),
          ...(first.topic ? { 'x-snowline-topic': first.topic } : {}),
        },
      };
    }
    const events: string[] = [];
    let bytes = 0;
    for (const record of records) {
      if (record.kind !== 'event' || ((record as QueuedEvent).alone && events.length > 0)) break;
      const json = JSON.stringify(record.event);
      if (events.length > 0 && bytes + json.length + 1 > this.config.maxBatchBytes) break;
      events.push(json);
      bytes += json.length + 1;
      if (record.alone) break;
    }
    return {
      count: events.length,
      events: events.length,
      body: `{"schema":"${PAYLOAD_DATA_SCHEMA}","data":[${events.join(',')}]}`,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    };
  }

  private async send(request: CollectorRequest): Promise<Outcome> {
    let status: number;
    try {
      status = (await this.client.post(request.body, request.headers)).status;
    } catch (error) {
      if (!this.failing) this.log(`collector ${this.url} unreachable (${(error as Error).message}); events stay queued and are retried`);
      this.failing = true;
      return 'retry';
    }
    if (status >= 200 && status < 300) return 'ok';
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      if (request.count === 1) this.log(`collector refused an event with ${status}; it is given up (counted as collectorRejected)`);
      return 'rejected';
    }
    if (!this.failing) this.log(`collector ${this.url} answered ${status}; events stay queued and are retried`);
    this.failing = true;
    return 'retry';
  }
}
