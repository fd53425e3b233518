import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIVE_INTERPRETER_NAMES, nativeInterpreter } from './interpreters.ts';
import { runLuaSuiteOnFengari } from './fengari-suite.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

function summary(output: string): { passed: number; failed: number; failures: string[] } {
  const match = /^# passed (\d+) failed (\d+)$/m.exec(output);
  const failures = output.split('\n').filter((line) => line.startsWith('not ok') || line.startsWith('# error'));
  if (!match) return { passed: 0, failed: -1, failures: [...failures, output.slice(-2000)] };
  return { passed: Number(match[1]), failed: Number(match[2]), failures };
}

describe('the Lua test suite (trackers/lua/test/run.lua)', () => {
  const counts: Record<string, number> = {};

  for (const name of NATIVE_INTERPRETER_NAMES) {
    it(`passes on ${name}`, () => {
      const interpreter = nativeInterpreter(name);
      const result = spawnSync(interpreter.path, ['trackers/lua/test/run.lua', repoRoot], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      });
      const outcome = summary(result.stdout + result.stderr);
      expect(outcome.failures).toEqual([]);
      expect(outcome.failed).toBe(0);
      expect(result.status).toBe(0);
      expect(outcome.passed).toBeGreaterThan(40);
      counts[name] = outcome.passed;
    });
  }

  it('passes on fengari, with the same number of tests as every native interpreter', () => {
    const outcome = summary(runLuaSuiteOnFengari(repoRoot));
    expect(outcome.failures).toEqual([]);
    expect(outcome.failed).toBe(0);
    for (const passed of Object.values(counts)) expect(outcome.passed).toBe(passed);
  });
});
