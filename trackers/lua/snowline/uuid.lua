-- UUID v4 event ids (eid). Duplicate ids across a fleet of game clients would be taken for duplicates downstream,
-- so the randomness matters more than usual:
-- - Lua 5.1, 5.3 and LuaJIT start math.random unseeded (every process the same sequence), and their generators
--   have 2^31 or 2^32 seeds at most, so seeding alone cannot keep thousands of clients apart. Each process
--   therefore also draws eight 16-bit words once (from /dev/urandom where io can read it) and adds them to every
--   id it makes: two processes give the same ids only if both their seeds and these words agree.
-- - Lua 5.4 seeds itself from the time and an address, and fengari uses JavaScript's Math.random until
--   math.randomseed is called (which would switch it to a 31-bit LCG shared by the whole Node process): neither
--   is reseeded.
-- - Under OpenResty the generator is seeded again in each worker (workers fork from the master).
local uuid = {}

local seeded_for_pid
local offsets

local function current_pid()
  if type(ngx) == 'table' and type(ngx.worker) == 'table' and type(ngx.worker.pid) == 'function' then
    return ngx.worker.pid()
  end
  return 0
end

local function read_urandom(count)
  if type(io) ~= 'table' or type(io.open) ~= 'function' then return nil end
  local ok, file = pcall(io.open, '/dev/urandom', 'rb')
  if not ok or not file then return nil end
  local bytes = file:read(count)
  file:close()
  if type(bytes) ~= 'string' or #bytes ~= count then return nil end
  return bytes
end

local function reseeding_helps()
  if _VERSION == 'Lua 5.4' then return false end
  if math.maxinteger == 2147483647 then return false end -- fengari: 32-bit integers, Math.random behind
  return true
end

local function seed()
  local pid = current_pid()
  local bytes = read_urandom(20)
  if reseeding_helps() then
    local mixed
    if bytes then
      mixed = ((string.byte(bytes, 17) * 256 + string.byte(bytes, 18)) * 256 + string.byte(bytes, 19)) * 128
        + string.byte(bytes, 20) % 128
    else
      local address = tonumber(string.match(tostring({}), '0x(%x+)') or '0', 16) or 0
      mixed = os.time() + math.floor(os.clock() * 1000000) + address % 1000003 + pid * 7919
    end
    math.randomseed(mixed % 2147483647)
    -- The first values after seeding are poorly distributed on some C libraries.
    for _ = 1, 10 do math.random() end
  end
  offsets = {}
  for i = 1, 8 do
    if bytes then
      offsets[i] = string.byte(bytes, 2 * i - 1) * 256 + string.byte(bytes, 2 * i)
    else
      offsets[i] = math.random(65536) - 1
    end
  end
  seeded_for_pid = pid
end

local NO_OFFSETS = { 0, 0, 0, 0, 0, 0, 0, 0 }

--- Returns a random UUID v4 in canonical lower-case form. `random(n)` (1..n) may be injected for tests, in
--- which case the ids are a function of it alone.
function uuid.v4(random)
  local add = NO_OFFSETS
  if not random then
    if seeded_for_pid ~= current_pid() or offsets == nil then seed() end
    random = math.random
    add = offsets
  end
  return string.format('%04x%04x-%04x-%04x-%04x-%04x%04x%04x',
    (random(65536) - 1 + add[1]) % 65536,
    (random(65536) - 1 + add[2]) % 65536,
    (random(65536) - 1 + add[3]) % 65536,
    16384 + (random(65536) - 1 + add[4]) % 4096,   -- version 4
    32768 + (random(65536) - 1 + add[5]) % 16384,  -- RFC 4122 variant (10xx)
    (random(65536) - 1 + add[6]) % 65536,
    (random(65536) - 1 + add[7]) % 65536,
    (random(65536) - 1 + add[8]) % 65536)
end

return uuid
