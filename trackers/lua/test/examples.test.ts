// The README's examples and the rockspec, as users will run them.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLuaRuntime, luaTrackerDir } from '../index.ts';
import { interpreterWithLuaSocket, nativeInterpreter } from './interpreters.ts';
import { startRecordingCollector, type RecordingCollector } from './recording-collector.ts';

const GAME_LOOP = path.join(luaTrackerDir, 'examples/game-loop.lua');

function eventsOf(collector: RecordingCollector): Record<string, string>[] {
  return collector.requests.flatMap((request) => (JSON.parse(request.body) as { data: Record<string, string>[] }).data);
}

describe('examples/game-loop.lua', () => {
  let collector: RecordingCollector;
  beforeEach(async () => {
    collector = await startRecordingCollector();
  });
  afterEach(async () => {
    await collector.stop();
  });

  it('tracks a level on lua5.4 through LuaSocket and flushes on quit', async () => {
    const child = spawn(interpreterWithLuaSocket('lua5.4').path, [GAME_LOOP, collector.url], { cwd: path.dirname(GAME_LOOP) });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stdout).toBe('flushed\n');
    expect(code).toBe(0);
    const events = eventsOf(collector);
    expect(events.map((event) => event.e)).toEqual(['ue', 'se', 'se', 'se', 'ue']);
    expect(events.map((event) => event.se_va ?? null)).toEqual([null, '3', '2', '1', null]);
    expect(events.every((event) => event.aid === 'ice-cave' && event.uid === 'player-1' && event.lang === 'en-GB')).toBe(true);
  });

  it('runs unchanged in the fengari runtime, where tracker is preloaded', async () => {
    const lines: string[] = [];
    const runtime = createLuaRuntime({ collectorUrl: collector.url, tracker: { appId: 'ice-cave' }, print: (line) => lines.push(line) });
    expect(await runtime.run(readFileSync(GAME_LOOP, 'utf8'), 'game-loop.lua')).toEqual({ ok: true, values: [] });
    expect(lines).toEqual(['flushed']);
    expect(eventsOf(collector).map((event) => event.e)).toEqual(['ue', 'se', 'se', 'se', 'ue']);
  });
});

describe('the rockspec', () => {
  it('installs every module of the tracker and nothing that is missing', () => {
    const rockspec = path.join(luaTrackerDir, 'snowline-0.1.0-1.rockspec');
    const result = spawnSync(nativeInterpreter('lua5.4').path, [
      '-e',
      `local env = {} assert(loadfile(${JSON.stringify(rockspec)}, 't', env))()
       assert(env.package == 'snowline' and env.version == '0.1.0-1')
       for name, file in pairs(env.build.modules) do print(name .. '=' .. file) end`,
    ], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const listed = result.stdout.trim().split('\n').sort();
    const files = readdirSync(path.join(luaTrackerDir, 'snowline')).filter((file) => file.endsWith('.lua'));
    const expected = ['snowline=snowline.lua', ...files.map((file) => `snowline.${file.slice(0, -4)}=snowline/${file}`)].sort();
    expect(listed).toEqual(expected);
  });
});
