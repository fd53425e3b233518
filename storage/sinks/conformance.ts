// The sink conformance suite (DESIGN.md 3.5): every sink runs these cases against its real destination through a
// harness. A sink that cannot support a case skips it by name, with the reason printed in the test title.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { samplePageView } from '../test-support/enriched-events.ts';
import { toTsv } from '../../enrich/index.ts';
import type { TargetInput } from '../targets.ts';
import { SinkUnavailableError, type Sink, type SinkBatch } from './sink.ts';

export interface StoredContent {
  /** event_id of every stored good line, in stored order. */
  readonly goodEventIds: readonly string[];
  /** Every stored bad row, as text, in stored order. */
  readonly badRows: readonly string[];
}

export type Skip = { readonly skip: string };

export interface SinkHarness {
  /** A new sink on the destination (a fresh process would build the same one). */
  createSink(overrides?: { maxBufferedBytes?: number; flushIntervalMs?: number }): Sink;
  /** A sink whose destination is unusable for good (wrong credentials, nothing listening, missing bucket). */
  createBrokenSink(): Sink;
  /** What the destination holds. */
  readBack(): Promise<StoredContent>;
  /** Empties the destination between cases. */
  reset(): Promise<void>;
  /** Makes the destination fail for real (server down, backend killed); the returned function ends the failure. */
  readonly transientFailure: { start(sink: Sink): Promise<() => Promise<void>> } | Skip;
  /** The target config a child process uses to build the same sink. */
  readonly childTarget: TargetInput | Skip;
  /** Cases this destination cannot run here, by case title, each with its reason (shown in the skip). */
  readonly unsupportedCases?: Readonly<Partial<Record<ConformanceCase, string>>>;
}

/** The title of every case in the suite, for `unsupportedCases`. */
export const CONFORMANCE_CASES = {
  order: 'keeps the order of good lines and bad rows within a batch',
  closeFlushes: 'stores every written batch when closed without an explicit flush',
  backPressure: 'applies back-pressure: a write that fills the buffer returns only once the buffer is stored',
  redelivery: 'stores a re-delivered batch once, also across sink restarts',
  transientFailure: 'retries a transient failure of the destination and then stores the batch once',
  killedProcess: 'loses nothing and doubles nothing when the process is killed between write and acknowledgement',
  unusable: 'fails with an error naming the target and the cause when the destination is unusable',
} as const;

export type ConformanceCase = keyof typeof CONFORMANCE_CASES;

export interface SinkHarnessSetup {
  setUp(): Promise<SinkHarness>;
  tearDown(): Promise<void>;
}

const CHILD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support/sink-child.ts');

let batchSequence = 0;

export function makeBatch(goodCount: number, badCount: number): SinkBatch {
  batchSequence++;
  return {
    // Zero-padded first, so that key and name order is write order for destinations that list.
    batchId: `batch-${String(batchSequence).padStart(6, '0')}-${process.pid}-${Date.now()}`,
    createdAtMs: Date.UTC(2026, 10, 29, 8, batchSequence % 60),
    good: Array.from({ length: goodCount }, () => toTsv(samplePageView())),
    bad: Array.from({ length: badCount }, (_, index) => JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1', data: { n: index, batch: batchSequence } })),
  };
}

export const eventIdsOf = (batch: SinkBatch) => batch.good.map((line) => line.split('\t')[6]!);

function isSkip(value: unknown): value is Skip {
  return typeof value === 'object' && value !== null && 'skip' in value;
}

function runChildUntilKilled(target: TargetInput, batches: readonly SinkBatch[]): Promise<void> {
  const batchesFile = path.join(os.tmpdir(), `sink-child-${process.pid}-${Date.now()}.json`);
  writeFileSync(batchesFile, JSON.stringify(batches));
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, JSON.stringify(target), batchesFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sink child did not get to batch B within 30 s: ${output} ${errors}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('B flushing')) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timeout);
      if (signal === 'SIGKILL' && output.includes('B flushing')) resolve();
      else reject(new Error(`sink child exited before it was killed: ${output} ${errors}`));
    });
  });
}

export function describeSinkConformance(sinkName: string, setup: SinkHarnessSetup): void {
  describe(`${sinkName} sink conformance`, () => {
    let harness: SinkHarness;
    beforeAll(async () => {
      harness = await setup.setUp();
    });
    afterAll(async () => {
      await setup.tearDown();
    });
    beforeEach(async () => {
      await harness.reset();
    });
    /** A case of the suite, skipped by name (with its reason) when the harness says its destination cannot run it. */
    const conformanceCase = (name: ConformanceCase, body: (context: TestContext) => Promise<unknown>) =>
      it(CONFORMANCE_CASES[name], async (context) => {
        const reason = harness.unsupportedCases?.[name];
        if (reason) return context.skip(reason);
        await body(context);
      });

    conformanceCase('order', async () => {
      const sink = harness.createSink();
      await sink.open();
      const batch = makeBatch(40, 5);
      await sink.write(batch);
      await sink.flush();
      await sink.close();
      const stored = await harness.readBack();
      expect(stored.goodEventIds).toEqual(eventIdsOf(batch));
      expect(stored.badRows).toEqual(batch.bad);
    });

    conformanceCase('closeFlushes', async () => {
      const sink = harness.createSink({ flushIntervalMs: 0 });
      await sink.open();
      const batches = [makeBatch(3, 1), makeBatch(2, 0), makeBatch(0, 2)];
      for (const batch of batches) await sink.write(batch);
      await sink.close();
      const stored = await harness.readBack();
      expect(stored.goodEventIds).toEqual(batches.flatMap(eventIdsOf));
      expect(stored.badRows).toEqual(batches.flatMap((batch) => batch.bad));
      await expect(sink.write(makeBatch(1, 0))).rejects.toThrow(/closed/);
    });

    conformanceCase('backPressure', async () => {
      const sink = harness.createSink({ maxBufferedBytes: 2_000, flushIntervalMs: 0 });
      await sink.open();
      const small = makeBatch(1, 0);
      await sink.write(small);
      expect((await harness.readBack()).goodEventIds).toEqual([]);
      const large = makeBatch(10, 0);
      await sink.write(large);
      expect(sink.stats().batchesStored).toBe(2);
      await sink.close();
      expect((await harness.readBack()).goodEventIds).toEqual([...eventIdsOf(small), ...eventIdsOf(large)]);
    });

    conformanceCase('redelivery', async () => {
      const batch = makeBatch(5, 2);
      const first = harness.createSink();
      await first.open();
      await first.write(batch);
      await first.write(batch);
      await first.close();
      const second = harness.createSink();
      await second.open();
      await second.write(batch);
      await second.close();
      expect(second.stats().batchesAlreadyStored).toBe(1);
      const stored = await harness.readBack();
      expect(stored.goodEventIds).toEqual(eventIdsOf(batch));
      expect(stored.badRows).toEqual(batch.bad);
    });

    conformanceCase('transientFailure', async (context) => {
      const failureMode = harness.transientFailure;
      if (isSkip(failureMode)) return context.skip(failureMode.skip);
      const sink = harness.createSink({ flushIntervalMs: 0 });
      await sink.open();
      const endFailure = await failureMode.start(sink);
      const batch = makeBatch(4, 1);
      await sink.write(batch);
      const flushed = sink.flush();
      await sleep(700);
      await endFailure();
      await flushed;
      expect(sink.stats().retries).toBeGreaterThan(0);
      await sink.close();
      expect((await harness.readBack()).goodEventIds).toEqual(eventIdsOf(batch));
    });

    conformanceCase('killedProcess', async (context) => {
      const target = harness.childTarget;
      if (isSkip(target)) return context.skip(target.skip);
      const batchA = makeBatch(20, 2);
      const batchB = makeBatch(20, 2);
      await runChildUntilKilled(target, [batchA, batchB]);
      // Neither batch was acknowledged upstream, so upstream delivers both again to a new process.
      const sink = harness.createSink();
      await sink.open();
      await sink.write(batchA);
      await sink.write(batchB);
      await sink.close();
      const stored = await harness.readBack();
      expect(stored.goodEventIds).toEqual([...eventIdsOf(batchA), ...eventIdsOf(batchB)]);
      expect([...stored.badRows].sort()).toEqual([...batchA.bad, ...batchB.bad].sort());
    });

    conformanceCase('unusable', async () => {
      const sink = harness.createBrokenSink();
      const failure = await sink.open().then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(SinkUnavailableError);
      expect((failure as Error).message).toMatch(new RegExp(`target "${sink.name}" is not usable: \\S+`));
      await expect(sink.write(makeBatch(1, 0))).rejects.toThrow(/not open/);
    });
  });
}

/** Skip markers with their reasons, for harnesses. */
export function skip(reason: string): Skip {
  return { skip: reason };
}
