import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRecordingCollector, type RecordingCollector } from '../../trackers/lua/test/recording-collector.ts';

const snowlineBin = fileURLToPath(new URL('../../bin/snowline.js', import.meta.url));

function runSnowline(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [snowlineBin, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('snowline lua run', () => {
  let dir: string;
  let collector: RecordingCollector;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'snowline-lua-cli-'));
    collector = await startRecordingCollector();
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await collector.stop();
  });

  it('runs a script whose tracker sends to --collector, and flushes what is queued at the end', async () => {
    const script = path.join(dir, 'game.lua');
    writeFileSync(script, `
      local levels = require('levels')
      for _, level in ipairs(levels) do tracker:track_structured_event({ category = 'level', action = 'start', label = level }) end
      print('tracked ' .. #levels)
    `);
    const levels = path.join(dir, 'levels.lua');
    writeFileSync(levels, "return { 'ice', 'fire', 'sky' }");
    const result = await runSnowline(['lua', 'run', script, '--collector', collector.url, '--app-id', 'cli-game', '--namespace', 'cli', '--module', `levels=${levels}`]);
    expect(result.stdout).toBe('tracked 3\n');
    expect(result.stderr).toBe('snowline lua: events sent 3, queued 0, refused 0, dropped 0\n');
    expect(result.code).toBe(0);
    expect(collector.requests).toHaveLength(1);
    const body = JSON.parse(collector.requests[0]!.body) as { data: Record<string, string>[] };
    expect(body.data.map((event) => [event.aid, event.tna, event.se_la])).toEqual([
      ['cli-game', 'cli', 'ice'],
      ['cli-game', 'cli', 'fire'],
      ['cli-game', 'cli', 'sky'],
    ]);
  });

  it('stops a runaway script at --budget and exits 1 after sending what it tracked', async () => {
    const script = path.join(dir, 'runaway.lua');
    writeFileSync(script, "tracker:track_structured_event({ category = 'mod', action = 'start' })\nwhile true do end\n");
    const result = await runSnowline(['lua', 'run', script, '--collector', collector.url, '--budget', '100000']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('snowline lua: stopped: instruction budget of 100000 exhausted');
    expect(result.stderr).toContain('events sent 1');
  });

  it('explains usage mistakes with exit code 2', async () => {
    expect((await runSnowline(['lua', 'go'])).code).toBe(2);
    const missing = await runSnowline(['lua', 'run', path.join(dir, 'nope.lua')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const badBudget = await runSnowline(['lua', 'run', 'x.lua', '--budget', 'lots']);
    expect(badBudget.stderr).toContain('--budget must be a whole number above 0, got "lots"');
  });
});
