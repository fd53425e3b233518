// A separate process for the conformance case "killed between write and acknowledgement": it stores batch A,
// starts storing batch B and says so on stdout; the test kills it with SIGKILL at that moment.
import { readFileSync } from 'node:fs';
import { createSinkForTarget, targetSchema } from '../../targets.ts';
import type { SinkBatch } from '../sink.ts';

const [targetJson, batchesFile] = process.argv.slice(2);
const target = targetSchema.parse(JSON.parse(targetJson!));
const [batchA, batchB] = JSON.parse(readFileSync(batchesFile!, 'utf8')) as [SinkBatch, SinkBatch];
const sink = createSinkForTarget(target);
await sink.open();
await sink.write(batchA);
await sink.flush();
process.stdout.write('A flushed\n');
await sink.write(batchB);
void sink.flush();
process.stdout.write('B flushing\n');
setInterval(() => {}, 1000);
