// Entry point of one enrich worker thread: builds its own Enricher from the config it is given, then enriches
// batches of raw lines for the main thread.

import { parentPort, workerData } from 'node:worker_threads';
import { createEnricher } from '../create-enricher.ts';
import { enrichLines } from './enrich-lines.ts';
import type { BatchRequest, WorkerInit, WorkerMessage } from './worker-protocol.ts';

const port = parentPort!;
const init = workerData as WorkerInit;

try {
  const enricher = await createEnricher(init.config);
  port.on('message', (request: BatchRequest) => {
    enrichLines(request, enricher).then(
      (reply) => port.postMessage({ kind: 'reply', reply } satisfies WorkerMessage),
      (error: unknown) => port.postMessage({ kind: 'failed', message: (error as Error).stack ?? String(error) } satisfies WorkerMessage),
    );
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerMessage);
} catch (error) {
  port.postMessage({ kind: 'failed', message: (error as Error).stack ?? String(error) } satisfies WorkerMessage);
}
