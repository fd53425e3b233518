// The Lua interpreters the tests run on, found on PATH or with the command that installs them.
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

/** Fails with the install command when LuaSocket is missing for this interpreter. */
export function requireLuaSocket(interpreter: NativeInterpreter, run: (code: string) => { status: number | null }): void {
  if (run('require("socket.http")').status !== 0) {
    throw new Error(`LuaSocket is not installed for ${interpreter.name}; install it with: apt-get install -y --no-install-recommends lua-socket`);
  }
}
