// Prints how long each hardware scenario took (the suite must stay under 5 minutes in CI, so the times are part
// of the output, not hidden in a reporter setting).
export async function timedScenario<T>(name: string, run: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  let outcome = 'failed';
  try {
    const result = await run();
    outcome = 'passed';
    return result;
  } finally {
    const seconds = (performance.now() - startedAt) / 1000;
    process.stdout.write(`[hardware scenario] ${name}: ${outcome} in ${seconds.toFixed(1)} s\n`);
  }
}
