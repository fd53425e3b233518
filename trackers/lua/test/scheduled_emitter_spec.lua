-- The emitter with a scheduler, as the OpenResty emitter uses it (ngx.timer.at): tracking never sends
-- inline; flushes run from timers. Here the timers are a list the test runs by hand.
local snowline = require('snowline')
local helpers = require('helpers')

local function manual_timers()
  local timers = { pending = {} }
  timers.schedule = function(delay_seconds, fn)
    timers.pending[#timers.pending + 1] = { delay = delay_seconds, fn = fn }
  end
  timers.run_all = function()
    local due = timers.pending
    timers.pending = {}
    for _, timer in ipairs(due) do timer.fn() end
  end
  return timers
end

describe('emitter with a scheduler', function()
  it('never sends from the tracking call and flushes a full batch from a zero-delay timer', function()
    local transport = helpers.recording_transport()
    local timers = manual_timers()
    local emitter = assert(snowline.function_emitter(transport.send, {
      collector_url = 'http://127.0.0.1:9', buffer_size = 2, flush_interval_ms = 500, schedule = timers.schedule,
    }))
    local tracker = helpers.tracker_on(emitter)
    assert(tracker:track_structured_event({ category = 'c', action = 'a' }))
    expect.equal(#transport.requests, 0)
    expect.equal(timers.pending[1].delay, 0.5, 'a part-filled batch waits flush_interval_ms')
    assert(tracker:track_structured_event({ category = 'c', action = 'b' }))
    expect.equal(#transport.requests, 0)
    expect.equal(timers.pending[2].delay, 0, 'a full batch is flushed at once')
    timers.run_all()
    expect.equal(#transport.requests, 1)
    expect.equal(emitter:stats().sent, 2)
  end)

  it('re-arms a timer with the back-off after a failed send', function()
    local transport = helpers.recording_transport({ 500, 200 })
    local timers = manual_timers()
    local emitter = assert(snowline.function_emitter(transport.send, {
      collector_url = 'http://127.0.0.1:9', buffer_size = 1, retry_delay_ms = 250, schedule = timers.schedule,
    }))
    local tracker = helpers.tracker_on(emitter)
    assert(tracker:track_structured_event({ category = 'c', action = 'a' }))
    timers.run_all()
    expect.equal(#transport.requests, 1)
    expect.equal(#timers.pending, 1)
    expect.equal(timers.pending[1].delay, 0.25)
    emitter.next_attempt_at = 0
    timers.run_all()
    expect.equal(emitter:stats().sent, 1)
    expect.equal(emitter:stats().queued, 0)
  end)
end)

describe('emitter with a scheduler after a failure', function()
  it('keeps a timer armed for the end of the back-off when an earlier timer finds it still running', function()
    local transport = helpers.recording_transport({ 503, 200 })
    local timers = manual_timers()
    local clock = helpers.fake_clock()
    local emitter = assert(snowline.function_emitter(transport.send, {
      collector_url = 'http://127.0.0.1:9', buffer_size = 1, retry_delay_ms = 1000, flush_interval_ms = 100,
      schedule = timers.schedule, now_ms = clock.now_ms,
    }))
    local tracker = helpers.tracker_on(emitter)
    assert(tracker:track_structured_event({ category = 'c', action = 'a' }))
    timers.run_all()                 -- sends, 503: a retry timer is armed for 1 s
    expect.equal(#transport.requests, 1)
    clock.advance(300)
    timers.run_all()                 -- the retry timer fires early (as a part-batch timer would): no send
    expect.equal(#transport.requests, 1)
    expect.equal(#timers.pending, 1, 're-armed')
    expect.equal(timers.pending[1].delay, 0.7, 'for the rest of the back-off')
    clock.advance(700)
    timers.run_all()
    expect.equal(#transport.requests, 2)
    expect.equal(emitter:stats().sent, 1)
  end)
end)
