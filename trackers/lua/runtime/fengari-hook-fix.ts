// fengari 0.1.5 loses count hooks after a yieldable pcall catches an error: lua_pcallk writes
// `ci.callstatus &= ~CIST_OAH | L.allowhook` where Lua 5.3 sets the bit (`setoah`), so the recovery path
// restores allowhook = 0 and no hook runs again on that thread. A script could then escape the instruction
// budget with `pcall(function() while true do end end)`. The fix: set CIST_OAH before the real pcall/xpcall
// runs, which is what Lua 5.3 itself records.
import fengari, { type LuaState } from 'fengari';

const { lua, to_luastring } = fengari;
const CIST_OAH = 1;

interface LuaStateInternals {
  allowhook: number | boolean;
  ci: { callstatus: number };
}

type JsLuaFunction = (L: LuaState) => number;

export function keepHooksAcrossPcall(L: LuaState): void {
  for (const name of ['pcall', 'xpcall']) {
    lua.lua_getglobal(L, to_luastring(name));
    const original = (lua as unknown as { lua_tocfunction(L: LuaState, i: number): JsLuaFunction | null }).lua_tocfunction(L, -1);
    lua.lua_pop(L, 1);
    if (!original) throw new Error(`fengari has no built-in ${name} to wrap`);
    lua.lua_pushjsfunction(L, (caller) => {
      const state = caller as unknown as LuaStateInternals;
      if (state.allowhook) state.ci.callstatus |= CIST_OAH;
      return original(caller);
    });
    lua.lua_setglobal(L, to_luastring(name));
  }
}
