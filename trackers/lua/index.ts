// The Lua tracker's TypeScript surface: the fengari runtime that runs Lua scripts inside Node, and where the
// pure-Lua sources live (for package.path, nginx's lua_package_path and the tests).
export {
  createLuaRuntime,
  type HostFunction,
  type LuaCallResult,
  type LuaRuntime,
  type LuaRuntimeOptions,
  type LuaTrackerOptions,
} from './runtime/create-lua-runtime.ts';
export type { LuaData } from './runtime/lua-values.ts';
export { nodeHttpClient, type LuaHttpAnswer, type LuaHttpClient, type LuaHttpRequest } from './runtime/node-http-transport.ts';
export { luaTrackerDir } from './runtime/lua-sources.ts';
