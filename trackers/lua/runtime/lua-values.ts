// Moving values between JavaScript and a fengari Lua stack. Only data crosses: nil, booleans, numbers,
// strings and tables of them (functions are pushed as host functions by the caller).
import fengari, { type LuaState } from 'fengari';

const { lua, to_luastring } = fengari;

/** A JS value that maps onto Lua data. */
export type LuaData = null | undefined | boolean | number | string | LuaData[] | { [key: string]: LuaData };

const MAX_DEPTH = 32;
// fengari integers are 32-bit: larger whole numbers (millisecond timestamps) must travel as floats.
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function pushValue(L: LuaState, value: unknown, depth = 0): void {
  if (depth > MAX_DEPTH) throw new Error(`value nested deeper than ${MAX_DEPTH} levels cannot be passed to Lua`);
  if (value === null || value === undefined) {
    lua.lua_pushnil(L);
  } else if (typeof value === 'boolean') {
    lua.lua_pushboolean(L, value);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) lua.lua_pushinteger(L, value);
    else lua.lua_pushnumber(L, value);
  } else if (typeof value === 'string') {
    lua.lua_pushstring(L, to_luastring(value));
  } else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, index) => {
      pushValue(L, item, depth + 1);
      lua.lua_seti(L, -2, index + 1);
    });
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    lua.lua_createtable(L, 0, entries.length);
    for (const [key, item] of entries) {
      pushValue(L, item, depth + 1);
      lua.lua_setfield(L, -2, to_luastring(key));
    }
  } else {
    throw new Error(`a ${typeof value} cannot be passed to Lua`);
  }
}

/** Reads the Lua value at `index` (a table becomes an array when its keys are exactly 1..n). */
export function readValue(L: LuaState, index: number, depth = 0): LuaData {
  const absolute = index < 0 ? lua.lua_gettop(L) + index + 1 : index;
  const type = lua.lua_type(L, absolute);
  if (type === lua.LUA_TNIL || type < 0) return null;
  if (type === lua.LUA_TBOOLEAN) return lua.lua_toboolean(L, absolute);
  if (type === lua.LUA_TNUMBER) return lua.lua_tonumber(L, absolute);
  if (type === lua.LUA_TSTRING) return lua.lua_tojsstring(L, absolute);
  if (type === lua.LUA_TTABLE) {
    if (depth > MAX_DEPTH) return '<table nested too deep>';
    const entries: [string | number, LuaData][] = [];
    lua.lua_pushnil(L);
    while (lua.lua_next(L, absolute) !== 0) {
      const keyType = lua.lua_type(L, -2);
      const key = keyType === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -2) : lua.lua_tojsstring(L, -2);
      entries.push([key, readValue(L, -1, depth + 1)]);
      lua.lua_pop(L, 1);
    }
    const isArray =
      entries.length > 0 && entries.every(([key]) => typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= entries.length);
    if (isArray) {
      const array: LuaData[] = new Array(entries.length);
      for (const [key, item] of entries) array[(key as number) - 1] = item;
      return array;
    }
    const object: Record<string, LuaData> = {};
    for (const [key, item] of entries) object[String(key)] = item;
    return object;
  }
  return `<${fengari.to_jsstring(lua.lua_typename(L, type))}>`;
}

/** Reads `count` values from the top of the stack, bottom first. */
export function readValues(L: LuaState, count: number): LuaData[] {
  const values: LuaData[] = [];
  for (let i = count; i >= 1; i--) values.push(readValue(L, -i));
  return values;
}
