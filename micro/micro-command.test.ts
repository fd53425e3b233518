// `snowline micro` as a user starts it: the real command in its own process, reachable on its port, stopped by
// SIGTERM with exit code 0.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../test-support/ports.ts';

const snowlineBin = fileURLToPath(new URL('../bin/snowline.js', import.meta.url));

describe('snowline micro command', () => {
  it('starts, answers the Micro API, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [snowlineBin, 'micro', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!stderr.includes('listening on')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`micro did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stderr).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(started in \d+ ms\)/);
    await fetch(`http://127.0.0.1:${port}/i?e=pv&p=web&tv=t&aid=cli`);
    let all = { total: 0 };
    while (all.total === 0 && Date.now() < deadline) {
      all = await (await fetch(`http://127.0.0.1:${port}/micro/all`)).json();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(all).toEqual({ total: 1, good: 1, bad: 0 });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('rejects a bad --max-events with the option named', async () => {
    const child = spawn(process.execPath, [snowlineBin, 'micro', '--max-events', 'lots'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--max-events must be a whole number ≥ 1, got "lots"');
  });
});
