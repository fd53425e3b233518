-- Track calls per second: a structured event built, given eid and dtm, and queued in the real emitter, whose
-- transport is a stub answering 200 (a POST body is still encoded every 50 events). Run by bench/scenarios/lua.ts
-- on native interpreters (`lua5.4 track-calls.lua <seconds>`) and on the fengari runtime (bench_track_calls).
local snowline = require('snowline')
-- CPU time, so that the figures hold on a busy machine: os.clock on native interpreters (single-threaded),
-- and on fengari the Node process's CPU time passed by the host (it includes the garbage collector's threads,
-- which are part of what fengari costs).
local now_seconds = (host and host.cpu_seconds) or os.clock

function bench_track_calls(seconds)
  local requests = 0
  local emitter = assert(snowline.function_emitter(function() requests = requests + 1 return 200 end, {
    collector_url = 'http://127.0.0.1:9', method = 'post', buffer_size = 50,
  }))
  local tracker = assert(snowline.new_tracker({
    emitter = emitter, namespace = 'bench', app_id = 'bench', platform = 'pc',
    subject = assert(snowline.new_subject({ user_id = 'player-1', screen_resolution = { 1920, 1080 } })),
  }))
  local calls, start = 0, now_seconds()
  local elapsed = 0
  repeat
    for i = 1, 100 do
      tracker:track_structured_event({ category = 'bench', action = 'tick', label = 'level-3', value = i })
    end
    calls = calls + 100
    elapsed = now_seconds() - start
  until elapsed >= seconds
  assert(emitter:stats().sent + emitter:stats().queued == calls, 'every call was queued')
  return calls / elapsed
end

if arg and arg[1] then
  bench_track_calls(0.5)
  print(string.format('%.0f', bench_track_calls(tonumber(arg[1]))))
end
