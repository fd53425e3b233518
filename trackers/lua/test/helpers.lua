-- Shared fixtures of the Lua specs: a recording transport and a tracker built on it.
local snowline = require('snowline')

local helpers = {}

--- A transport that records requests and answers from a script of statuses (default 200).
function helpers.recording_transport(statuses)
  local recorded = { requests = {} }
  local index = 0
  recorded.send = function(request)
    recorded.requests[#recorded.requests + 1] = request
    index = index + 1
    local answer = statuses and statuses[index] or 200
    if type(answer) == 'string' then return nil, answer end
    if answer == 'raise' then error('transport blew up') end
    return answer
  end
  return recorded
end

--- A fake clock: clock.now_ms() and clock.advance(ms).
function helpers.fake_clock(start)
  local clock = { t = start or 1700000000000 }
  clock.now_ms = function() return clock.t end
  clock.advance = function(ms) clock.t = clock.t + ms end
  return clock
end

function helpers.tracker_on(emitter, options)
  options = options or {}
  options.emitter = emitter
  options.app_id = options.app_id or 'test-app'
  return assert(snowline.new_tracker(options))
end

return helpers
