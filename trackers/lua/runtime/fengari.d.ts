// The part of fengari 0.1.5 (npm, ships no types) that the runtime uses.
declare module 'fengari' {
  export interface LuaState {
    readonly __luaState: never;
  }
  export type LuaString = Uint8Array;
  export type JsFunction = (L: LuaState) => number;
  export type LuaHook = (L: LuaState, ar: unknown) => void;

  export const lua: {
    readonly LUA_OK: number;
    readonly LUA_YIELD: number;
    readonly LUA_ERRRUN: number;
    readonly LUA_ERRSYNTAX: number;
    readonly LUA_MULTRET: number;
    readonly LUA_MASKCOUNT: number;
    readonly LUA_REGISTRYINDEX: number;
    readonly LUA_TNIL: number;
    readonly LUA_TBOOLEAN: number;
    readonly LUA_TNUMBER: number;
    readonly LUA_TSTRING: number;
    readonly LUA_TTABLE: number;
    readonly LUA_TFUNCTION: number;
    lua_gettop(L: LuaState): number;
    lua_settop(L: LuaState, index: number): void;
    lua_pop(L: LuaState, n: number): void;
    lua_pushvalue(L: LuaState, index: number): void;
    lua_pushnil(L: LuaState): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushstring(L: LuaState, s: LuaString): void;
    lua_pushjsfunction(L: LuaState, f: JsFunction): void;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_newtable(L: LuaState): void;
    lua_setfield(L: LuaState, index: number, k: LuaString): void;
    lua_getfield(L: LuaState, index: number, k: LuaString): number;
    lua_seti(L: LuaState, index: number, i: number): void;
    lua_rawlen(L: LuaState, index: number): number;
    lua_rawgeti(L: LuaState, index: number, i: number): number;
    lua_next(L: LuaState, index: number): number;
    lua_setglobal(L: LuaState, name: LuaString): void;
    lua_getglobal(L: LuaState, name: LuaString): number;
    lua_type(L: LuaState, index: number): number;
    lua_typename(L: LuaState, t: number): LuaString;
    lua_toboolean(L: LuaState, index: number): boolean;
    lua_tonumber(L: LuaState, index: number): number;
    lua_isinteger(L: LuaState, index: number): boolean;
    lua_tojsstring(L: LuaState, index: number): string;
    lua_isstring(L: LuaState, index: number): boolean;
    lua_newthread(L: LuaState): LuaState;
    lua_xmove(from: LuaState, to: LuaState, n: number): void;
    lua_resume(L: LuaState, from: LuaState | null, nargs: number): number;
    lua_yield(L: LuaState, n: number): number;
    lua_isyieldable(L: LuaState): boolean;
    lua_sethook(L: LuaState, f: LuaHook | null, mask: number, count: number): void;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_call(L: LuaState, nargs: number, nresults: number): void;
    lua_rawequal(L: LuaState, a: number, b: number): boolean;
    lua_touserdata(L: LuaState, index: number): unknown;
    lua_pushlightuserdata(L: LuaState, p: unknown): void;
    lua_close(L: LuaState): void;
  };
  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadbufferx(L: LuaState, buff: LuaString, size: number | null, name: LuaString, mode: LuaString | null): number;
    luaL_requiref(L: LuaState, name: LuaString, open: JsFunction, global: number): void;
    luaL_error(L: LuaState, fmt: LuaString, ...args: unknown[]): number;
    luaL_traceback(L: LuaState, L1: LuaState, msg: LuaString | null, level: number): void;
    luaL_tolstring(L: LuaState, index: number): LuaString;
  };
  export const lualib: {
    luaL_openlibs(L: LuaState): void;
    luaopen_base: JsFunction;
    luaopen_coroutine: JsFunction;
    luaopen_table: JsFunction;
    luaopen_string: JsFunction;
    luaopen_math: JsFunction;
    luaopen_utf8: JsFunction;
    luaopen_os: JsFunction;
  };
  export function to_luastring(s: string): LuaString;
  export function to_jsstring(s: LuaString): string;
  const fengari: {
    lua: typeof lua;
    lauxlib: typeof lauxlib;
    lualib: typeof lualib;
    to_luastring: typeof to_luastring;
    to_jsstring: typeof to_jsstring;
  };
  export default fengari;
}
