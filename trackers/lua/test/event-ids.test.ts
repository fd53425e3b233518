// Event ids must not repeat across processes started together (a fleet of game clients, nginx workers): a
// repeated eid would be taken for a duplicate downstream.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLuaRuntime, luaTrackerDir } from '../index.ts';
import { NATIVE_INTERPRETER_NAMES, nativeInterpreter } from './interpreters.ts';

function idsFrom(interpreter: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(interpreter, [
      '-e',
      `package.path = '${luaTrackerDir}/?.lua;' .. package.path
       local uuid = require('snowline.uuid')
       for _ = 1, ${count} do print(uuid.v4()) end`,
    ]);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(stdout.trim().split('\n')));
  });
}

describe('event ids', () => {
  it('differ between processes of every interpreter started at the same moment', async () => {
    const batches = await Promise.all(
      NATIVE_INTERPRETER_NAMES.flatMap((name) => Array.from({ length: 4 }, () => idsFrom(nativeInterpreter(name).path, 200))),
    );
    const all = batches.flat();
    expect(all).toHaveLength(NATIVE_INTERPRETER_NAMES.length * 4 * 200);
    for (const id of all) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(all).size).toBe(all.length);
  });

  it('differ between fengari runtimes in one Node process', async () => {
    const ids = async () => {
      const runtime = createLuaRuntime();
      const result = await runtime.run("local uuid = require('snowline.uuid') local t = {} for i = 1, 200 do t[i] = uuid.v4() end return t");
      return result.ok ? (result.values[0] as string[]) : [];
    };
    const all = (await Promise.all([ids(), ids(), ids()])).flat();
    expect(all).toHaveLength(600);
    expect(new Set(all).size).toBe(600);
  });
});
