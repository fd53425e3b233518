// Entry point of one enrich worker thread: builds its own Enricher from the config it is given, then enriches
// chunks of raw records for the main thread. Chunks arrive and results leave as transferred buffers.

import { parentPort, workerData } from 'node:worker_threads';
import { createEnricher } from '../create-enricher.ts';
import { BufferPool } from './buffer-pool.ts';
import { enrichRecordBytes } from './enrich-lines.ts';
import type { ChunkRequest, WorkerInit, WorkerMessage } from './worker-protocol.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const outputBuffers = new BufferPool(4);

try {
  const enricher = await createEnricher(init.config);
  port.on('message', (request: ChunkRequest) => {
    for (const spare of request.spares) outputBuffers.give(spare);
    enrichRecordBytes(request.bytes, enricher, outputBuffers).then(
      (output) => {
        const message: WorkerMessage = { kind: 'reply', reply: { id: request.id, ...output } };
        port.postMessage(message, [output.good.buffer as ArrayBuffer, output.bad.buffer as ArrayBuffer, output.input]);
      },
      (error: unknown) => port.postMessage({ kind: 'failed', message: (error as Error).stack ?? String(error) } satisfies WorkerMessage),
    );
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerMessage);
} catch (error) {
  port.postMessage({ kind: 'failed', message: (error as Error).stack ?? String(error) } satisfies WorkerMessage);
}
