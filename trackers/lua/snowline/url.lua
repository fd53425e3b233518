-- Percent-encoding as JavaScript's encodeURIComponent does it on UTF-8 bytes, so a querystring built here is
-- byte-identical to the JS tracker's.
local url = {}

local function encode_byte(c)
  return string.format('%%%02X', string.byte(c))
end

function url.encode_component(s)
  return (string.gsub(s, "[^%w%-_%.!~%*'%(%)]", encode_byte))
end

--- Builds `k=v&k=v` from an ordered list of keys and a table of string values.
function url.encode_query(keys, values)
  local parts = {}
  for _, key in ipairs(keys) do
    parts[#parts + 1] = url.encode_component(key) .. '=' .. url.encode_component(values[key])
  end
  return table.concat(parts, '&')
end

--- Splits `http(s)://host[:port][/path]` into its parts; returns nil, message for anything else.
function url.parse(address)
  if type(address) ~= 'string' then return nil, 'a collector URL must be a string' end
  local scheme, rest = string.match(address, '^(https?)://(.+)$')
  if not scheme then return nil, 'collector URL must start with http:// or https://, not [' .. address .. ']' end
  local authority, path = string.match(rest, '^([^/]+)(.*)$')
  if not authority then return nil, 'collector URL has no host: [' .. address .. ']' end
  local host, port = string.match(authority, '^(.-):(%d+)$')
  if not host then host = authority end
  port = tonumber(port) or (scheme == 'https' and 443 or 80)
  if path == '' then path = '/' end
  return { scheme = scheme, host = host, port = port, path = path }
end

return url
