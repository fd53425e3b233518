// Runs the benchmark scenarios in bench/scenarios/, prints a comparison table per scenario and regenerates
// docs/benchmarks.md from the results (docs/benchmarks.json keeps the last result of every scenario, so
// `--only` refreshes some scenarios and keeps the others).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './lib/child-process.ts';
import { renderBenchmarksMarkdown, renderScenarioTable, type StoredResult } from './report.ts';
import type { BenchScenario } from './scenario.ts';

const HELP = `Usage: npm run bench -- [--only name,name] [--duration-ms N] [--list]

Runs each scenario in bench/scenarios/ (Snowline and its baseline in the same run), prints the figures and their
ratios, and writes docs/benchmarks.md. Load tests target 127.0.0.1 only and stop after --duration-ms per measurement.
`;

async function loadScenarios(): Promise<BenchScenario[]> {
  const dir = path.join(repoRoot, 'bench/scenarios');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts')).sort();
  const scenarios: BenchScenario[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: BenchScenario };
    if (module.default) scenarios.push(module.default);
  }
  return scenarios;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'duration-ms': { type: 'string', default: '5000' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const durationMs = Number(values['duration-ms']);
  if (!Number.isInteger(durationMs) || durationMs < 1000) {
    process.stderr.write('--duration-ms must be a whole number of ms, at least 1000\n');
    return 2;
  }
  const scenarios = await loadScenarios();
  if (values.list) {
    for (const scenario of scenarios) process.stdout.write(`${scenario.name}: ${scenario.summary}\n`);
    return 0;
  }
  const wanted = values.only?.split(',').map((name) => name.trim());
  const unknown = wanted?.filter((name) => !scenarios.some((scenario) => scenario.name === name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; --list shows them\n`);
    return 2;
  }
  const selected = wanted ? scenarios.filter((scenario) => wanted.includes(scenario.name)) : scenarios;

  const storePath = path.join(repoRoot, 'docs/benchmarks.json');
  const stored: Record<string, StoredResult> = JSON.parse(await readFile(storePath, 'utf8').catch(() => '{}'));
  let failures = 0;
  for (const [index, scenario] of selected.entries()) {
    const tmpDir = await mkdtemp(path.join(os.tmpdir(), `snowline-bench-${scenario.name}-`));
    const log = (message: string) => process.stderr.write(`[${index + 1}/${selected.length} ${scenario.name}] ${message}\n`);
    log(scenario.summary);
    const startedAt = Date.now();
    try {
      const result = await scenario.run({ durationMs, tmpDir, log });
      stored[scenario.name] = {
        summary: scenario.summary,
        measuredAt: new Date().toISOString(),
        durationMs,
        machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
        result,
      };
      process.stdout.write(`\n## ${scenario.name}\n${renderScenarioTable(result)}\n`);
      log(`done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures++;
      log(`FAILED: ${(error as Error).stack ?? error}`);
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  }
  await writeFile(storePath, `${JSON.stringify(stored, null, 2)}\n`);
  await writeFile(path.join(repoRoot, 'docs/benchmarks.md'), renderBenchmarksMarkdown(stored));
  process.stderr.write(`wrote docs/benchmarks.md (${Object.keys(stored).length} scenarios)\n`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
