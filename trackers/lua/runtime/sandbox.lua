-- Runs once in every fengari runtime, before any script: takes away what a mod script must not have (io,
-- os.execute, debug, package, loading files or bytecode, unbounded string.rep), installs `require` over an
-- allow-list served by the host, `print` to the host, and makes host calls that wait (HTTP) look like plain
-- calls even from inside a script's own coroutines.
local await_marker, module_source, host_print, host_http, collector_url, max_string_bytes = ...

local raw_resume, raw_yield, raw_create, raw_status = coroutine.resume, coroutine.yield, coroutine.create, coroutine.status
local raw_load = load
local select, error, type, tostring = select, error, type, tostring
local pack = table.pack
local unpack = table.unpack

-- A host call that waits yields `await_marker` from whatever coroutine it runs in. A script's coroutine
-- passes the marker up to the runtime and hands the host's answer back down, so the script never sees it.
local function pass_through(co, ok, ...)
  if ok and select('#', ...) == 1 and (...) == await_marker then
    return pass_through(co, raw_resume(co, raw_yield(await_marker)))
  end
  return ok, ...
end

coroutine.resume = function(co, ...)
  return pass_through(co, raw_resume(co, ...))
end

coroutine.wrap = function(f)
  local co = raw_create(f)
  return function(...)
    local results = pack(coroutine.resume(co, ...))
    if not results[1] then error(results[2], 2) end
    return unpack(results, 2, results.n)
  end
end

io = nil
debug = nil
package = nil
dofile = nil
loadfile = nil
collectgarbage = nil
string.dump = nil
os = { time = os.time, clock = os.clock, date = os.date, difftime = os.difftime }

load = function(chunk, name, _, env)
  if env ~= nil then return raw_load(chunk, name, 't', env) end
  return raw_load(chunk, name, 't')
end

local raw_rep = string.rep
string.rep = function(s, n, sep)
  local total = #tostring(s) * (tonumber(n) or 0) + #(sep or '') * (tonumber(n) or 0)
  if total > max_string_bytes then
    error('string.rep would build ' .. string.format('%.0f', total) .. ' bytes, more than the sandbox allows (' .. max_string_bytes .. ')', 2)
  end
  return raw_rep(s, n, sep)
end

print = function(...)
  local parts = {}
  for i = 1, select('#', ...) do parts[i] = tostring((select(i, ...))) end
  host_print(table.concat(parts, '\t'))
end

local loaded = {}
require = function(name)
  if type(name) ~= 'string' then error('require needs a module name', 2) end
  if loaded[name] ~= nil then return loaded[name] end
  local source = module_source(name)
  if source == nil then error("module '" .. name .. "' is not on this sandbox's allow-list", 2) end
  local chunk, message = raw_load(source, '@' .. name .. '.lua', 't')
  if not chunk then error(message, 2) end
  local result = chunk(name)
  if result == nil then result = true end
  loaded[name] = result
  return result
end

snowline = require('snowline')
snowline.set_default_transport(host_http)

--- An emitter bound to the host's HTTP client; collector_url defaults to the runtime's collector.
snowline.host_emitter = function(options)
  local copy = {}
  for k, v in pairs(options or {}) do copy[k] = v end
  copy.collector_url = copy.collector_url or collector_url
  return snowline.function_emitter(host_http, copy)
end
