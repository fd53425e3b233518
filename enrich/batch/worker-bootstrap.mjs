// Starts an enrich worker from TypeScript source (tests, `node --import tsx`): worker threads do not inherit the
// parent's module hooks, so the TypeScript loader is registered here before the entry is imported.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
