-- What the tracker knows about the user and device: added to every event the tracker sends.
local validate = require('snowline.validate')

local subject = {}
local Subject = {}
Subject.__index = Subject

local function dimensions(name, width, height)
  validate.positive_integer(name .. ' width', width)
  validate.positive_integer(name .. ' height', height)
  return string.format('%.0fx%.0f', width, height)
end

local setters = {
  user_id = function(self, v) validate.optional_string('user_id', v); self.params.uid = v end,
  color_depth = function(self, v) validate.positive_integer('color_depth', v); self.params.cd = v end,
  language = function(self, v) validate.optional_string('language', v); self.params.lang = v end,
  timezone = function(self, v) validate.optional_string('timezone', v); self.params.tz = v end,
  ip_address = function(self, v) validate.optional_string('ip_address', v); self.params.ip = v end,
  useragent = function(self, v) validate.optional_string('useragent', v); self.params.ua = v end,
  domain_user_id = function(self, v) validate.optional_string('domain_user_id', v); self.params.duid = v end,
  network_user_id = function(self, v) validate.optional_string('network_user_id', v); self.params.tnuid = v end,
  screen_resolution = function(self, v)
    validate.table('screen_resolution', v)
    self.params.res = dimensions('screen_resolution', v[1], v[2])
  end,
  viewport = function(self, v)
    validate.table('viewport', v)
    self.params.vp = dimensions('viewport', v[1], v[2])
  end,
}

-- The order subject parameters appear in on the wire.
subject.param_order = { 'uid', 'res', 'vp', 'cd', 'lang', 'tz', 'ip', 'ua', 'duid', 'tnuid' }

--- A subject from a table of fields (user_id, screen_resolution = {w, h}, viewport = {w, h}, color_depth,
--- language, timezone, ip_address, useragent, domain_user_id, network_user_id). Raises on a bad field;
--- the public constructor in snowline.lua turns that into `nil, message`.
function subject.new(fields)
  local self = setmetatable({ params = {} }, Subject)
  if fields ~= nil then
    validate.table('subject fields', fields)
    for key, value in pairs(fields) do
      local set = setters[key]
      if not set then error('unknown subject field [' .. tostring(key) .. ']', 0) end
      set(self, value)
    end
  end
  return self
end

--- subject:set('user_id', 'u1') and so on; returns true or false, message.
function Subject:set(field, value)
  local set = setters[field]
  if not set then return false, 'unknown subject field [' .. tostring(field) .. ']' end
  local ok, err = pcall(set, self, value)
  if not ok then return false, err end
  return true
end

for field in pairs(setters) do
  Subject['set_' .. field] = function(self, ...)
    local args = { ... }
    if field == 'screen_resolution' or field == 'viewport' then
      if type(args[1]) ~= 'table' then args = { { args[1], args[2] } } end
    end
    return self:set(field, args[1])
  end
end

function Subject:add_to(event)
  local params, order = self.params, subject.param_order
  for i = 1, #order do
    local value = params[order[i]]
    if value ~= nil then event:add(order[i], value) end
  end
end

return subject
