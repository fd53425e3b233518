-- Transport over LuaSocket's socket.http: a blocking request with a timeout. Used by game clients and
-- scripts on Lua 5.1-5.4 and LuaJIT (LuaSocket is the only dependency, and only of this file).
local luasocket_transport = {}

--- Returns send(request) -> status or nil, message. Options: timeout_ms (5000). https collectors need LuaSec.
function luasocket_transport.new(options)
  options = options or {}
  local timeout_seconds = (options.timeout_ms or 5000) / 1000
  local http = require('socket.http')
  local ltn12 = require('ltn12')
  local socket = require('socket')
  return function(request)
    local client = http
    if string.sub(request.url, 1, 8) == 'https://' then
      -- LuaSocket speaks plain HTTP only; LuaSec's ssl.https has the same request interface.
      local ok, https = pcall(require, 'ssl.https')
      if not ok then return nil, 'an https collector needs LuaSec (luarocks install luasec)' end
      client = https
    end
    local headers = {}
    for k, v in pairs(request.headers or {}) do headers[k] = v end
    local source
    if request.body then
      headers['Content-Length'] = tostring(#request.body)
      source = ltn12.source.string(request.body)
    end
    local ok, status = client.request({
      url = request.url,
      method = request.method,
      headers = headers,
      source = source,
      sink = ltn12.sink.null(),
      create = client == http and function()
        local connection = socket.tcp()
        connection:settimeout(timeout_seconds)
        return connection
      end or nil,
    })
    if ok == nil then return nil, tostring(status) end
    local code = tonumber(status)
    if not code then return nil, 'unrecognised status [' .. tostring(status) .. ']' end
    return code
  end
end

return luasocket_transport
