// The contract of a benchmark scenario. Every scenario measures Snowline against a baseline in the same run and
// reports the ratio; absolute figures vary between machines, ratios much less.

/** Snowline against its baseline, on one metric. */
export interface ComparisonRow {
  /** What is measured, e.g. `GET /i, 50 connections`. */
  readonly metric: string;
  /** Unit of both values, e.g. `req/s`, `rows/s`, `bytes`. */
  readonly unit: string;
  readonly baseline: { readonly name: string; readonly value: number };
  readonly snowline: { readonly name: string; readonly value: number };
  /** True for throughputs, false for sizes and latencies. */
  readonly higherIsBetter: boolean;
  /** The ratio snowline/baseline the project aims for (≥ when higher is better, ≤ otherwise). */
  readonly targetRatio?: number;
}

/** A figure reported without a baseline (latency at a given rate, memory, a count). */
export interface FigureRow {
  readonly metric: string;
  readonly unit: string;
  readonly value: number;
  readonly note?: string;
}

export interface ScenarioResult {
  readonly comparisons: readonly ComparisonRow[];
  readonly figures?: readonly FigureRow[];
  readonly notes?: readonly string[];
}

export interface BenchContext {
  /** How long one load measurement runs, in ms (`--duration-ms`, default 5000). */
  readonly durationMs: number;
  /** A fresh directory for this scenario, removed afterwards. */
  readonly tmpDir: string;
  /** Progress line on stderr. */
  log(message: string): void;
}

export interface BenchScenario {
  /** Short unique name, used by `npm run bench -- --only <name>`. */
  readonly name: string;
  /** One sentence on what the scenario shows. */
  readonly summary: string;
  run(context: BenchContext): Promise<ScenarioResult>;
}

/** snowline/baseline, and whether it meets the target. */
export function ratioOf(row: ComparisonRow): { ratio: number; meetsTarget: boolean | undefined } {
  const ratio = row.baseline.value === 0 ? Number.NaN : row.snowline.value / row.baseline.value;
  if (row.targetRatio === undefined) return { ratio, meetsTarget: undefined };
  return { ratio, meetsTarget: row.higherIsBetter ? ratio >= row.targetRatio : ratio <= row.targetRatio };
}
