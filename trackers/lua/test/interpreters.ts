// The Lua interpreters the tests run on, found on PATH or with the command that installs them.
import { spawnSync } from 'node:child_process';
import { requireTool } from '../../../test-support/require-tool.ts';

export interface NativeInterpreter {
  readonly name: 'lua5.1' | 'lua5.3' | 'lua5.4' | 'luajit';
  readonly path: string;
}

const packages = { 'lua5.1': 'lua5.1', 'lua5.3': 'lua5.3', 'lua5.4': 'lua5.4', luajit: 'luajit2' } as const;

export const NATIVE_INTERPRETER_NAMES = Object.keys(packages) as NativeInterpreter['name'][];

export function nativeInterpreter(name: NativeInterpreter['name']): NativeInterpreter {
  return { name, path: requireTool(name, packages[name]) };
}

/** The interpreter, after checking that LuaSocket loads in it (or failing with the command that installs it). */
export function interpreterWithLuaSocket(name: NativeInterpreter['name']): NativeInterpreter {
  const interpreter = nativeInterpreter(name);
  if (spawnSync(interpreter.path, ['-e', 'require("socket.http")']).status !== 0) {
    throw new Error(`LuaSocket is not installed for ${name}; install it with: apt-get install -y --no-install-recommends lua-socket`);
  }
  return interpreter;
}
