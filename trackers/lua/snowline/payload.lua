-- One event's parameters, in the order they are added (the order the JS tracker sends them in a GET).
-- Every value is a string on the wire: empty and nil values are dropped, as every Snowplow tracker does.
local json = require('snowline.json')
local base64 = require('snowline.base64')

local payload = {}
local Payload = {}
Payload.__index = Payload

function payload.new()
  return setmetatable({ keys = {}, values = {}, count = 0, size = 2 }, Payload)
end

--- Protocol text for a number: whole numbers without a fraction, others with up to 14 significant digits.
function payload.number_to_string(n)
  if math.floor(n) == n and n > -1e15 and n < 1e15 then return string.format('%.0f', n) end
  return string.format('%.14g', n)
end

function Payload:add(key, value)
  if value == nil then return end
  local kind = type(value)
  if kind == 'number' then
    value = payload.number_to_string(value)
  elseif kind == 'boolean' then
    value = value and '1' or '0'
  elseif value == '' then
    return
  end
  local values = self.values
  local previous = values[key]
  if previous == nil then
    local count = self.count + 1
    self.count = count
    self.keys[count] = key
    self.size = self.size + #key + #value + 6
  else
    self.size = self.size + #value - #previous
  end
  values[key] = value
end

--- Adds a JSON value either base64url-encoded under `key_base64` or as plain JSON under `key_plain`.
function Payload:add_json(key_base64, key_plain, value, encode_base64)
  if value == nil then return end
  local text = json.encode(value)
  if encode_base64 then
    self:add(key_base64, base64.encode_url(text))
  else
    self:add(key_plain, text)
  end
end

--- An approximate size in bytes of this event inside a POST body (for batching by maxPostBytes), kept up to
--- date by add so that batching does not walk every event again.
function Payload:byte_size()
  return self.size
end

return payload
