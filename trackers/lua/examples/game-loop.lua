-- A game loop that tracks: run it with `lua5.4 game-loop.lua http://127.0.0.1:8080` (LuaSocket), or inside
-- Node with `snowline lua run game-loop.lua --collector http://127.0.0.1:8080` (the fengari runtime, where
-- `tracker` is already made and `arg` does not exist).
if package then package.path = './?.lua;../?.lua;' .. package.path end
local snowline = require('snowline')

local tracker = tracker
if tracker == nil then
  local emitter = assert(snowline.luasocket_emitter({
    collector_url = (arg and arg[1]) or 'http://127.0.0.1:8080',
    method = 'post',
    buffer_size = 20,   -- one POST per 20 events
    timeout_ms = 2000,  -- a frame waits at most this long when the collector is unreachable
  }))
  tracker = assert(snowline.new_tracker({ emitter = emitter, namespace = 'client', app_id = 'ice-cave', platform = 'pc' }))
end

local player = assert(snowline.new_subject({ user_id = 'player-1', screen_resolution = { 1920, 1080 }, language = 'en-GB' }))
tracker:set_subject(player)

local level = { name = 'ice-cave', enemies = 3 }
tracker:track_screen_view({ name = 'level:' .. level.name })

for frame = 1, 180 do
  -- ... update and draw ...
  tracker:tick()  -- sends a part-filled batch once it has waited flush_interval_ms (1 s)
  if frame % 60 == 0 then
    local ok, message = tracker:track_structured_event({
      category = 'combat', action = 'enemy-defeated', label = level.name, value = level.enemies,
      entities = { { schema = 'iglu:com.acme/level/jsonschema/1-0-0', data = { name = level.name, frame = frame } } },
    })
    if not ok then print('tracking: ' .. message) end  -- never raises: the game goes on either way
    level.enemies = level.enemies - 1
  end
end

tracker:track_timing({ category = 'level', variable = level.name, timing = 3000 })
local ok, message = tracker:flush()  -- on quit: send what is queued
print(ok and 'flushed' or ('not flushed: ' .. message))
