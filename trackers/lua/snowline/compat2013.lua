-- The 2013 Lua tracker's API (snowplow-lua-tracker 0.1.0) on top of the modern tracker, so that a 2013 game
-- script runs after changing `require("snowplow")` to `require("snowline")`. Same constructors, method names
-- and return values (`true` or `false, message`), but modern events: eid and dtm in milliseconds on every
-- event (2013 sent seconds), the 2013 `tstamp` argument (seconds) as the true timestamp `ttm`, screen views
-- as the screen_view self-describing event (2013's `e=sv` was rejected downstream), unstructured events as
-- the io.snowline/lua_event self-describing event. One GET per event, sent at once, as in 2013.
local validate = require('snowline.validate')

local compat = {}
local LegacyTracker = {}
LegacyTracker.__index = LegacyTracker

compat.LUA_EVENT_SCHEMA = 'iglu:io.snowline/lua_event/jsonschema/1-0-0'
local LEGACY_PLATFORMS = { 'pc', 'tv', 'mob', 'cnsl', 'iot' }

local function host_not_found(message)
  return string.find(message, 'host not found', 1, true) or string.find(message, 'No address associated', 1, true)
end

local function new_legacy(snowline, collector_base)
  local emitter, message = snowline.new_emitter({
    collector_url = collector_base,
    method = 'get',
    buffer_size = 1,
    send = snowline.default_transport(),
    report_send_errors = true,
  })
  if not emitter then return nil, message end
  local subject = snowline.new_subject()
  local modern
  modern, message = snowline.new_tracker({
    emitter = emitter, platform = 'pc', encode_base64 = true, subject = subject,
    tracker_version = 'lua-' .. snowline.VERSION .. '-compat2013',
  })
  if not modern then return nil, message end
  return setmetatable({ modern = modern, subject = subject, collector_uri = collector_base .. '/i' }, LegacyTracker)
end

function compat.new_tracker_for_uri(snowline, host)
  local ok, err = pcall(validate.non_empty_string, 'host', host)
  if not ok then return nil, err end
  return new_legacy(snowline, 'http://' .. host)
end

function compat.new_tracker_for_cf(snowline, subdomain)
  local ok, err = pcall(validate.non_empty_string, 'cfSubdomain', subdomain)
  if not ok then return nil, err end
  return new_legacy(snowline, 'http://' .. subdomain .. '.cloudfront.net')
end

local function guarded(fn)
  local ok, err = pcall(fn)
  if not ok then return false, tostring(err) end
  return true
end

function LegacyTracker:platform(p)
  return guarded(function()
    validate.one_of('platform', p, LEGACY_PLATFORMS)
    self.modern.platform = p
  end)
end

function LegacyTracker:encodeBase64(flag)
  return guarded(function()
    if type(flag) ~= 'boolean' then error('encodeBase64 must be a boolean, not [' .. validate.show(flag) .. ']', 0) end
    self.modern.encode_base64 = flag
  end)
end

function LegacyTracker:setAppId(app_id)
  return guarded(function()
    validate.non_empty_string('appId', app_id)
    self.modern.app_id = app_id
  end)
end

function LegacyTracker:setUserId(user_id)
  return self.subject:set('user_id', user_id)
end

function LegacyTracker:setScreenResolution(width, height)
  return self.subject:set('screen_resolution', { width, height })
end

function LegacyTracker:setViewport(width, height)
  return self.subject:set('viewport', { width, height })
end

function LegacyTracker:setColorDepth(depth)
  return self.subject:set('color_depth', depth)
end

-- The 2013 `tstamp` is seconds since the epoch; modern trackers send a user-supplied time as ttm in ms.
local function true_timestamp(tstamp)
  if tstamp == nil then return nil end
  if type(tstamp) ~= 'number' then error('tstamp must be a number or nil, not [' .. validate.show(tstamp) .. ']', 0) end
  return tstamp * 1000.0
end

-- Send errors get the 2013 messages (the event itself stays queued for a retry when retryable).
local function legacy_result(self, ok, message)
  if ok then return true end
  if message and host_not_found(message) then
    return false, 'Host [' .. self.collector_uri .. '] not found (possible connectivity error)'
  end
  return false, message
end

local function track(self, method, args, tstamp)
  local ok, ttm = pcall(true_timestamp, tstamp)
  if not ok then return false, ttm end
  args.true_timestamp = ttm
  return legacy_result(self, self.modern[method](self.modern, args))
end

function LegacyTracker:trackStructEvent(category, action, label, property, value, tstamp)
  return track(self, 'track_structured_event', {
    category = category, action = action, label = label, property = property, value = value,
  }, tstamp)
end

function LegacyTracker:trackScreenView(name, id, tstamp)
  return track(self, 'track_screen_view', { name = name, id = id }, tstamp)
end

function LegacyTracker:trackUnstructEvent(name, properties, tstamp)
  local ok, err = pcall(function()
    validate.non_empty_string('name', name)
    validate.non_empty_table('properties', properties)
  end)
  if not ok then return false, err end
  return track(self, 'track_self_describing_event', {
    schema = compat.LUA_EVENT_SCHEMA,
    data = { name = name, properties = properties },
  }, tstamp)
end

return compat
