import { spawn } from 'node:child_process';
import { repoRoot } from '../lib/child-process.ts';
import type { BenchScenario } from '../scenario.ts';
import { median } from '../lib/statistics.ts';

/** Milliseconds from spawning a command to the first output line matching `ready`; the process is then ended. */
async function timeToReady(args: readonly string[], ready: RegExp): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const elapsed = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} not ready within 30 s: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return elapsed;
}

const RUNS = 5;

const scenario: BenchScenario = {
  name: 'micro-startup',
  summary: 'Time from `snowline micro` to listening, against a bare node:http server process reaching listen().',
  async run({ log }) {
    const bare: number[] = [];
    const micro: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      bare.push(await timeToReady(['-e', "require('node:http').createServer().listen(0, '127.0.0.1', () => console.log('listening'))"], /listening/));
      micro.push(await timeToReady(['bin/snowline.js', 'micro', '--port', '0'], /listening on/));
      log(`run ${run + 1}/${RUNS}: bare ${bare[run]!.toFixed(0)} ms, micro ${micro[run]!.toFixed(0)} ms`);
    }
    return {
      comparisons: [
        {
          metric: `process start to listening (median of ${RUNS})`,
          unit: 'ms',
          baseline: { name: 'bare node:http process', value: median(bare) },
          snowline: { name: 'snowline micro', value: median(micro) },
          higherIsBetter: false,
        },
      ],
      figures: [{ metric: 'snowline micro start-up', unit: 'ms', value: median(micro), note: 'aim: under 2,000 ms' }],
    };
  },
};

export default scenario;
