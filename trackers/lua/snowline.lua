-- Snowline tracker for Lua 5.1-5.4, LuaJIT, OpenResty and fengari: `local snowline = require("snowline")`.
-- Constructors return the object, or nil and a message; nothing here raises into the host.
local tracker = require('snowline.tracker')
local subject = require('snowline.subject')
local emitter = require('snowline.emitter')
local version = require('snowline.version')

local snowline = {
  VERSION = version.number,
  json = require('snowline.json'),
  base64 = require('snowline.base64'),
}

local function construct(build, ...)
  local ok, result = pcall(build, ...)
  if not ok then return nil, tostring(result) end
  return result
end

--- A tracker: snowline.new_tracker{ emitter = e, namespace = 'game', app_id = 'my-game', platform = 'pc',
--- encode_base64 = true, subject = s }.
function snowline.new_tracker(options)
  return construct(tracker.new, options)
end

--- A subject: snowline.new_subject{ user_id = 'u1', screen_resolution = {1920, 1080}, ... }.
function snowline.new_subject(fields)
  return construct(subject.new, fields)
end

--- An emitter over any transport function send(request) -> status or nil, message.
function snowline.new_emitter(options)
  return construct(emitter.new, options)
end

local function with_transport(options, make_transport)
  if type(options) ~= 'table' then return nil, 'emitter options must be a table' end
  local copy = {}
  for k, v in pairs(options) do copy[k] = v end
  local ok, send = pcall(make_transport, options)
  if not ok then return nil, tostring(send) end
  copy.send = send
  return copy
end

--- Blocking emitter over LuaSocket: snowline.luasocket_emitter{ collector_url = 'http://host:port',
--- method = 'post', buffer_size = 10, timeout_ms = 5000 }.
function snowline.luasocket_emitter(options)
  local copy, message = with_transport(options, function(o)
    return require('snowline.luasocket_transport').new(o)
  end)
  if not copy then return nil, message end
  return snowline.new_emitter(copy)
end

--- Non-blocking emitter for OpenResty: events queue in the worker and are sent from ngx.timer.at over
--- cosockets, so tracking in log_by_lua or access_by_lua never delays a request.
function snowline.openresty_emitter(options)
  local copy, message = with_transport(options, function(o)
    return require('snowline.openresty_transport').new(o)
  end)
  if not copy then return nil, message end
  copy.schedule = copy.schedule or function(delay_seconds, fn)
    -- A premature timer means the worker is shutting down (reload, stop): cosockets still work there, so the
    -- queue gets one last flush instead of being lost with the worker.
    local ok, err = ngx.timer.at(delay_seconds, function()
      fn()
    end)
    if not ok then error(err, 0) end
  end
  copy.now_ms = copy.now_ms or function()
    ngx.update_time()
    return ngx.now() * 1000.0
  end
  return snowline.new_emitter(copy)
end

--- Emitter for embedding hosts (game engines, fengari): `send(request)` is the host's HTTP call and
--- returns the status or nil, message; request = {method, url, body, headers}.
function snowline.function_emitter(send, options)
  if type(send) ~= 'function' then return nil, 'function_emitter needs a send function' end
  local copy = {}
  for k, v in pairs(options or {}) do copy[k] = v end
  copy.send = send
  return snowline.new_emitter(copy)
end

-- The transport the 2013 constructors use: LuaSocket unless a host (the fengari runtime) installs its own.
local default_transport

function snowline.set_default_transport(send)
  default_transport = send
end

function snowline.default_transport()
  if default_transport then return default_transport end
  return require('snowline.luasocket_transport').new()
end

local compat = require('snowline.compat2013')
snowline.newTrackerForUri = function(host) return compat.new_tracker_for_uri(snowline, host) end
snowline.newTrackerForCf = function(subdomain) return compat.new_tracker_for_cf(snowline, subdomain) end

return snowline
