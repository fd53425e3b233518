-- UUID v4 event ids (eid) from math.random, one hex digit at a time so that no runtime needs more than
-- 16-bit integers. Lua 5.1 and LuaJIT do not seed math.random: two game clients started in the same second
-- would share event ids, so the generator is seeded once from the clock, the CPU clock, a table address and
-- (under OpenResty) the worker pid.
local uuid = {}

local seeded = false

local function seed()
  local address = tonumber(string.match(tostring({}), '0x(%x+)') or '0', 16) or 0
  local pid = 0
  if type(ngx) == 'table' and type(ngx.worker) == 'table' and type(ngx.worker.pid) == 'function' then
    pid = ngx.worker.pid()
  end
  local mixed = os.time() + math.floor(os.clock() * 1000000) + address % 1000003 + pid * 7919
  math.randomseed(mixed % 2147483647)
  -- The first values after seeding are poorly distributed on some C libraries.
  for _ = 1, 10 do math.random() end
  seeded = true
end

--- Returns a random UUID v4 in canonical lower-case form. `random(n)` (1..n) may be injected for tests.
--- Eight 16-bit draws and one string.format: fengari runs string functions slowly, so fewer calls matter.
function uuid.v4(random)
  if not random then
    if not seeded then seed() end
    random = math.random
  end
  local function word() return random(65536) - 1 end
  return string.format('%04x%04x-%04x-%04x-%04x-%04x%04x%04x',
    word(), word(), word(),
    16384 + word() % 4096,          -- version 4
    32768 + word() % 16384,         -- RFC 4122 variant (10xx)
    word(), word(), word())
end

return uuid
