-- Transport over OpenResty cosockets (ngx.socket.tcp): a minimal HTTP/1.1 client, so that no extra rock
-- (lua-resty-http) is needed. It only runs where cosockets are allowed (timers, content phase), which is
-- why the OpenResty emitter always flushes from ngx.timer.at.
local url = require('snowline.url')

local openresty_transport = {}

local function read_response(sock)
  local status_line, err = sock:receive('*l')
  if not status_line then return nil, 'reading the status line: ' .. tostring(err) end
  local status = tonumber(string.match(status_line, '^HTTP/%d%.%d (%d%d%d)'))
  if not status then return nil, 'unrecognised status line [' .. status_line .. ']' end
  local length, chunked = nil, false
  while true do
    local line
    line, err = sock:receive('*l')
    if not line then return nil, 'reading headers: ' .. tostring(err) end
    if line == '' then break end
    local name, value = string.match(line, '^([^:]+):%s*(.-)%s*$')
    if name then
      name = string.lower(name)
      if name == 'content-length' then length = tonumber(value) end
      if name == 'transfer-encoding' and string.find(string.lower(value), 'chunked', 1, true) then chunked = true end
    end
  end
  -- The body is read (and ignored) so that a keep-alive connection is left at a request boundary.
  if chunked then
    while true do
      local size_line = sock:receive('*l')
      local size = size_line and tonumber(string.match(size_line, '^(%x+)'), 16)
      if not size then return nil, 'bad chunked body' end
      if size == 0 then sock:receive('*l') break end
      sock:receive(size + 2)
    end
  elseif length and length > 0 then
    local _, body_err = sock:receive(length)
    if body_err then return nil, 'reading the body: ' .. tostring(body_err) end
  end
  return status
end

--- Returns send(request) -> status or nil, message. Options: timeout_ms (5000), keepalive_ms (60000),
--- pool_size (16).
function openresty_transport.new(options)
  options = options or {}
  local timeout_ms = options.timeout_ms or 5000
  local keepalive_ms = options.keepalive_ms or 60000
  local pool_size = options.pool_size or 16
  return function(request)
    local target, message = url.parse(request.url)
    if not target then return nil, message end
    local sock = ngx.socket.tcp()
    sock:settimeout(timeout_ms)
    local ok, err = sock:connect(target.host, target.port)
    if not ok then return nil, 'connecting to ' .. target.host .. ':' .. target.port .. ': ' .. tostring(err) end
    if target.scheme == 'https' then
      ok, err = sock:sslhandshake(nil, target.host, true)
      if not ok then sock:close() return nil, 'TLS handshake: ' .. tostring(err) end
    end
    local lines = {
      request.method .. ' ' .. target.path .. ' HTTP/1.1',
      'Host: ' .. target.host .. ':' .. target.port,
      'User-Agent: snowline-lua',
    }
    for name, value in pairs(request.headers or {}) do lines[#lines + 1] = name .. ': ' .. value end
    lines[#lines + 1] = 'Content-Length: ' .. (request.body and #request.body or 0)
    local bytes, send_err = sock:send(table.concat(lines, '\r\n') .. '\r\n\r\n' .. (request.body or ''))
    if not bytes then sock:close() return nil, 'sending: ' .. tostring(send_err) end
    local status, read_err = read_response(sock)
    if not status then sock:close() return nil, read_err end
    sock:setkeepalive(keepalive_ms, pool_size)
    return status
  end
end

return openresty_transport
