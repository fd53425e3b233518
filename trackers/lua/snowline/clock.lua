-- Wall-clock time in milliseconds since the epoch, as a float: fengari has 32-bit integers, so an integer
-- millisecond count would overflow. The best clock the runtime has is used: ngx.now() under OpenResty,
-- socket.gettime() when LuaSocket is installed, else os.time() (whole seconds).
local clock = {}

local function find_now()
  if type(ngx) == 'table' and type(ngx.now) == 'function' then
    return function() return ngx.now() * 1000.0 end
  end
  local ok, socket = pcall(require, 'socket')
  if ok and type(socket) == 'table' and type(socket.gettime) == 'function' then
    return function() return math.floor(socket.gettime() * 1000.0) end
  end
  return function() return os.time() * 1000.0 end
end

local now

--- The current time in ms (a float holding a whole number).
function clock.now_ms()
  if not now then now = find_now() end
  return now()
end

--- Formats a ms count the way the protocol wants it: decimal digits, no fraction, no exponent.
function clock.format_ms(ms)
  return string.format('%.0f', ms)
end

return clock
