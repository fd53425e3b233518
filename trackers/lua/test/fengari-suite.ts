// Runs the Lua test suite (test/run.lua) on fengari, in-process, with the full standard library (the suite
// reads the conformance vectors from disk; the sandboxed runtime is tested on its own).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fengari from 'fengari';

const { lua, lauxlib, lualib, to_luastring } = fengari;

export function runLuaSuiteOnFengari(repoRoot: string): string {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  let output = '';
  lua.lua_pushjsfunction(L, (caller) => {
    output += lua.lua_tojsstring(caller, 1);
    return 0;
  });
  lua.lua_setglobal(L, to_luastring('write'));
  lua.lua_pushjsfunction(L, (caller) => {
    lua.lua_pushstring(caller, readFileSync(lua.lua_tojsstring(caller, 1)) as unknown as Uint8Array);
    return 1;
  });
  lua.lua_setglobal(L, to_luastring('read_file'));
  lua.lua_pushstring(L, to_luastring(repoRoot));
  lua.lua_setglobal(L, to_luastring('SNOWLINE_ROOT'));
  lua.lua_pushboolean(L, true);
  lua.lua_setglobal(L, to_luastring('FENGARI'));
  const source = readFileSync(path.join(repoRoot, 'trackers/lua/test/run.lua'));
  const status = lauxlib.luaL_loadbufferx(L, source as unknown as Uint8Array, source.length, to_luastring('@run.lua'), null);
  if (status !== lua.LUA_OK || lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) {
    output += `# error ${lua.lua_tojsstring(L, -1)}\n`;
  }
  return output;
}
