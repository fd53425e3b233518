// Runs Lua scripts (game logic, mods) inside Node on fengari, with the Snowline tracker preloaded, a sandbox,
// an instruction budget per call, and host functions. A host function may answer with a Promise (HTTP is one):
// the Lua side then yields and is resumed with the answer, so from Lua it is a plain call.
import fengari, { type LuaState } from 'fengari';
import { pushValue, readValue, readValues, type LuaData } from './lua-values.ts';
import { nodeHttpClient, type LuaHttpClient, type LuaHttpRequest } from './node-http-transport.ts';
import { sandboxPreludeSource, trackerModuleSources } from './lua-sources.ts';
import { keepHooksAcrossPcall } from './fengari-hook-fix.ts';

const { lua, lauxlib, lualib, to_luastring } = fengari;

/** A JS function Lua scripts can call as `host.<name>(...)`; a returned Promise makes the script wait. */
export type HostFunction = (...args: LuaData[]) => unknown;

export interface LuaTrackerOptions {
  readonly namespace?: string;
  readonly appId?: string;
  readonly platform?: string;
  readonly method?: 'post' | 'get';
  readonly bufferSize?: number;
  readonly encodeBase64?: boolean;
}

export interface LuaRuntimeOptions {
  /** Collector the preloaded `tracker` and `snowline.host_emitter` send to, e.g. `http://127.0.0.1:8080`. */
  readonly collectorUrl?: string;
  /** Options of the global `tracker` created when collectorUrl is set. */
  readonly tracker?: LuaTrackerOptions;
  /** Lua VM instructions one run/call may execute before it is stopped (default 50,000,000). */
  readonly instructionBudget?: number;
  /** Extra modules `require` may load, by name → Lua source (the tracker's modules are always allowed). */
  readonly modules?: Readonly<Record<string, string>>;
  /** Functions scripts call as `host.<name>(...)`. */
  readonly hostFunctions?: Readonly<Record<string, HostFunction>>;
  /** The HTTP client behind the tracker (default: Node's fetch, 5 s timeout). */
  readonly http?: LuaHttpClient;
  /** Where `print` goes (default: stdout). */
  readonly print?: (line: string) => void;
  /** Largest string `string.rep` may build, in bytes (default 16 MB). */
  readonly maxStringBytes?: number;
}

export type LuaCallResult =
  | { readonly ok: true; readonly values: LuaData[] }
  | { readonly ok: false; readonly kind: 'syntax' | 'runtime' | 'budget'; readonly error: string };

export interface LuaRuntime {
  /** Runs a chunk of Lua source; resolves with its return values or why it failed. Never rejects. */
  run(source: string, chunkName?: string): Promise<LuaCallResult>;
  /** Calls a global Lua function defined by an earlier run (a game's `on_tick`, a mod's hook). */
  call(functionName: string, ...args: LuaData[]): Promise<LuaCallResult>;
  /** Sends what the global tracker has queued; values are `ok, message, stats`. */
  flush(): Promise<LuaCallResult>;
  /** Instructions the last run/call executed (counted in steps of HOOK_INTERVAL). */
  readonly lastInstructionCount: number;
}

const HOOK_INTERVAL = 1000;
const DEFAULT_BUDGET = 50_000_000;

type PendingAnswer = Promise<LuaData[]>;

class FengariRuntime implements LuaRuntime {
  private readonly L: LuaState;
  private readonly budget: number;
  private readonly awaitMarker = { awaitMarker: true };
  private pending: PendingAnswer | undefined;
  private instructions = 0;
  private exhausted = false;
  private queue: Promise<unknown> = Promise.resolve();
  private brokenBy: string | undefined;
  private readonly ready: Promise<LuaCallResult>;

  constructor(private readonly options: LuaRuntimeOptions) {
    this.budget = options.instructionBudget ?? DEFAULT_BUDGET;
    if (!Number.isInteger(this.budget) || this.budget < HOOK_INTERVAL) {
      throw new Error(`instructionBudget must be a whole number of at least ${HOOK_INTERVAL}, got ${this.budget}`);
    }
    this.L = lauxlib.luaL_newstate();
    for (const [name, open] of [
      ['_G', lualib.luaopen_base], ['coroutine', lualib.luaopen_coroutine], ['table', lualib.luaopen_table],
      ['string', lualib.luaopen_string], ['math', lualib.luaopen_math], ['utf8', lualib.luaopen_utf8],
      ['os', lualib.luaopen_os],
    ] as const) {
      lauxlib.luaL_requiref(this.L, to_luastring(name), open, 1);
      lua.lua_pop(this.L, 1);
    }
    keepHooksAcrossPcall(this.L);
    this.installHostTable(options.hostFunctions ?? {});
    this.ready = this.enqueue(() => this.boot());
  }

  get lastInstructionCount(): number {
    return this.instructions;
  }

  run(source: string, chunkName = 'script'): Promise<LuaCallResult> {
    return this.afterBoot(() => this.execute((thread) => this.load(thread, source, chunkName, [])));
  }

  call(functionName: string, ...args: LuaData[]): Promise<LuaCallResult> {
    return this.afterBoot(() =>
      this.execute((thread) => {
        if (lua.lua_getglobal(thread, to_luastring(functionName)) !== lua.LUA_TFUNCTION) {
          return { ok: false, kind: 'runtime', error: `no global function named ${functionName}` };
        }
        for (const arg of args) pushValue(thread, arg);
        return args.length;
      }),
    );
  }

  flush(): Promise<LuaCallResult> {
    return this.run(
      'if tracker == nil then return true end local ok, err = tracker:flush() return ok, err, tracker.emitter:stats()',
      'flush',
    );
  }

  private async afterBoot(step: () => Promise<LuaCallResult>): Promise<LuaCallResult> {
    const booted = await this.ready;
    if (!booted.ok) return booted;
    return this.enqueue(step);
  }

  // One run or call at a time: the instruction count and the pending host answer belong to it.
  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async boot(): Promise<LuaCallResult> {
    const sources = trackerModuleSources();
    const extra = this.options.modules ?? {};
    const http = this.options.http ?? nodeHttpClient();
    const print = this.options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
    const prelude = await this.execute((thread) => {
      const loaded = this.load(thread, sandboxPreludeSource(), 'sandbox', []);
      if (typeof loaded !== 'number') return loaded;
      lua.lua_pushlightuserdata(thread, this.awaitMarker);
      this.pushHostFunction(thread, 'module_source', (name) =>
        typeof name === 'string' ? (sources.get(name) ?? (Object.hasOwn(extra, name) ? extra[name] : null)) : null,
      );
      this.pushHostFunction(thread, 'print', (line) => print(String(line)));
      this.pushHostFunction(thread, 'http', (request) => this.httpCall(http, request));
      pushValue(thread, this.options.collectorUrl ?? null);
      pushValue(thread, this.options.maxStringBytes ?? 16 * 1024 * 1024);
      return 6;
    });
    if (!prelude.ok || this.options.collectorUrl === undefined) return prelude;
    const tracker = this.options.tracker ?? {};
    return this.execute((thread) =>
      this.load(
        thread,
        `local o = ...
         local emitter = assert(snowline.host_emitter({ method = o.method, buffer_size = o.bufferSize }))
         tracker = assert(snowline.new_tracker({ emitter = emitter, namespace = o.namespace, app_id = o.appId,
           platform = o.platform, encode_base64 = o.encodeBase64 }))`,
        'tracker',
        [{ ...tracker }],
      ),
    );
  }

  private async httpCall(http: LuaHttpClient, request: LuaData): Promise<LuaData[]> {
    const answer = await http(request as unknown as LuaHttpRequest);
    return 'status' in answer ? [answer.status] : [null, answer.error];
  }

  private load(thread: LuaState, source: string, chunkName: string, args: LuaData[]): number | LuaCallResult {
    const code = to_luastring(source);
    const status = lauxlib.luaL_loadbufferx(thread, code, code.length, to_luastring(`=${chunkName}`), to_luastring('t'));
    if (status !== lua.LUA_OK) return { ok: false, kind: 'syntax', error: lua.lua_tojsstring(thread, -1) };
    for (const arg of args) pushValue(thread, arg);
    return args.length;
  }

  private installHostTable(functions: Readonly<Record<string, HostFunction>>): void {
    lua.lua_newtable(this.L);
    for (const [name, fn] of Object.entries(functions)) {
      this.pushHostFunction(this.L, name, fn);
      lua.lua_setfield(this.L, -2, to_luastring(name));
    }
    lua.lua_setglobal(this.L, to_luastring('host'));
  }

  private pushHostFunction(L: LuaState, name: string, fn: HostFunction): void {
    lua.lua_pushjsfunction(L, (caller) => {
      const args = readValues(caller, lua.lua_gettop(caller));
      let result: unknown;
      try {
        result = fn(...args);
      } catch (error) {
        return lauxlib.luaL_error(caller, to_luastring(`host.${name}: ${(error as Error).message}`.replaceAll('%', '%%')));
      }
      if (result instanceof Promise) {
        if (!lua.lua_isyieldable(caller)) {
          return lauxlib.luaL_error(caller, to_luastring(`host.${name} waits for an answer and cannot be called from a metamethod or iterator`));
        }
        this.pending = result.then(
          (value: unknown) => (Array.isArray(value) && name === 'http' ? (value as LuaData[]) : [value as LuaData]),
          (error: unknown) => [null, `host.${name}: ${(error as Error)?.message ?? String(error)}`],
        );
        lua.lua_pushlightuserdata(caller, this.awaitMarker);
        return lua.lua_yield(caller, 1);
      }
      try {
        pushValue(caller, result);
      } catch (error) {
        return lauxlib.luaL_error(caller, to_luastring(`host.${name}: ${(error as Error).message}`));
      }
      return 1;
    });
  }

  // Runs `prepare`'s function on a fresh thread with a fresh budget, serving host waits until it ends.
  private async execute(prepare: (thread: LuaState) => number | LuaCallResult): Promise<LuaCallResult> {
    if (this.brokenBy !== undefined) {
      return { ok: false, kind: 'runtime', error: `this Lua runtime is unusable since the VM failed: ${this.brokenBy}` };
    }
    try {
      return await this.executeOnThread(prepare);
    } catch (error) {
      // A JavaScript error escaping fengari (an allocation the engine refuses, say) leaves the VM in an unknown
      // state: report it as data and refuse later calls rather than run on a broken state.
      this.brokenBy = (error as Error).message;
      return { ok: false, kind: 'runtime', error: `the Lua VM failed: ${this.brokenBy}` };
    }
  }

  private async executeOnThread(prepare: (thread: LuaState) => number | LuaCallResult): Promise<LuaCallResult> {
    const base = lua.lua_gettop(this.L);
    const thread = lua.lua_newthread(this.L);
    try {
      this.instructions = 0;
      this.exhausted = false;
      lua.lua_sethook(thread, (L) => this.countInstructions(L), lua.LUA_MASKCOUNT, HOOK_INTERVAL);
      const prepared = prepare(thread);
      if (typeof prepared !== 'number') return prepared;
      let status = lua.lua_resume(thread, null, prepared);
      while (status === lua.LUA_YIELD) {
        const waiting = lua.lua_gettop(thread) === 1 && lua.lua_touserdata(thread, -1) === this.awaitMarker;
        const pending = this.pending;
        this.pending = undefined;
        if (!waiting || !pending) {
          return { ok: false, kind: 'runtime', error: 'the script yielded outside of a coroutine' };
        }
        lua.lua_settop(thread, 0);
        const answer = await pending;
        for (const value of answer) pushValue(thread, value);
        status = lua.lua_resume(thread, null, answer.length);
      }
      if (status !== lua.LUA_OK) {
        const message = lua.lua_type(thread, -1) === lua.LUA_TSTRING ? lua.lua_tojsstring(thread, -1) : String(readValue(thread, -1));
        return { ok: false, kind: this.exhausted ? 'budget' : 'runtime', error: message };
      }
      return { ok: true, values: readValues(thread, lua.lua_gettop(thread)) };
    } finally {
      lua.lua_settop(this.L, base);
    }
  }

  private countInstructions(L: LuaState): void {
    this.instructions += HOOK_INTERVAL;
    if (this.instructions <= this.budget) return;
    if (!this.exhausted) {
      this.exhausted = true;
      // From now on every instruction fails, so a script that catches the error with pcall cannot go on.
      lua.lua_sethook(L, (inner) => this.countInstructions(inner), lua.LUA_MASKCOUNT, 1);
    }
    lauxlib.luaL_error(L, to_luastring(`instruction budget of ${this.budget} exhausted`));
  }
}

/** Creates a sandboxed fengari Lua runtime with the Snowline tracker preloaded (see LuaRuntimeOptions). */
export function createLuaRuntime(options: LuaRuntimeOptions = {}): LuaRuntime {
  return new FengariRuntime(options);
}
