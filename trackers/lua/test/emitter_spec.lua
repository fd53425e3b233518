local snowline = require('snowline')
local helpers = require('helpers')

local function post_emitter(transport, options)
  options = options or {}
  options.collector_url = options.collector_url or 'http://127.0.0.1:9'
  options.method = options.method or 'post'
  return assert(snowline.function_emitter(transport.send, options))
end

local function events_in(request)
  return snowline.json.decode(request.body).data
end

describe('emitter', function()
  it('sends one POST with a payload_data body once buffer_size events are queued', function()
    local transport = helpers.recording_transport()
    local tracker = helpers.tracker_on(post_emitter(transport, { buffer_size = 3 }))
    for i = 1, 3 do assert(tracker:track_structured_event({ category = 'c', action = 'a' .. i })) end
    expect.equal(#transport.requests, 1)
    local request = transport.requests[1]
    expect.equal(request.method, 'POST')
    expect.equal(request.url, 'http://127.0.0.1:9/com.snowplowanalytics.snowplow/tp2')
    expect.equal(request.headers['Content-Type'], 'application/json; charset=UTF-8')
    local body = snowline.json.decode(request.body)
    expect.equal(body.schema, 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4')
    expect.equal(#body.data, 3)
    expect.equal(body.data[3].se_ac, 'a3')
    expect.match(body.data[1].stm, '^%d+$', 'stm')
  end)

  it('splits a batch so that no POST body is larger than max_post_bytes', function()
    local transport = helpers.recording_transport()
    local emitter = post_emitter(transport, { buffer_size = 50, max_post_bytes = 1200 })
    local tracker = helpers.tracker_on(emitter)
    for i = 1, 10 do assert(tracker:track_structured_event({ category = 'c', action = string.rep('x', 150) .. i })) end
    assert(tracker:flush())
    expect.truthy(#transport.requests > 1, 'more than one request')
    local total = 0
    for _, request in ipairs(transport.requests) do
      expect.truthy(#request.body <= 1200, 'body of ' .. #request.body .. ' bytes within the limit')
      total = total + #events_in(request)
    end
    expect.equal(total, 10)
  end)

  it('sends GET requests to /i with stm first and every value percent-encoded', function()
    local transport = helpers.recording_transport()
    local tracker = helpers.tracker_on(post_emitter(transport, { method = 'get' }), { encode_base64 = false })
    assert(tracker:track_page_view({ url = 'https://x/?a=1 2', title = 'Ünïcode & co' }))
    local url = transport.requests[1].url
    expect.match(url, '^http://127%.0%.0%.1:9/i%?stm=%d+&e=pv&url=https%%3A%%2F%%2Fx%%2F%%3Fa%%3D1%%202&page=%%C3%%9Cn%%C3%%AFcode%%20%%26%%20co&eid=')
  end)

  it('keeps events after a retryable failure and sends them once when the collector is back', function()
    local transport = helpers.recording_transport({ 503, 'connection refused', 200 })
    local clock = helpers.fake_clock()
    local emitter = post_emitter(transport, { buffer_size = 1, retry_delay_ms = 1000, now_ms = clock.now_ms })
    local tracker = helpers.tracker_on(emitter)
    assert(tracker:track_structured_event({ category = 'c', action = 'first' }))
    expect.equal(emitter:stats().queued, 1)
    expect.equal(emitter:stats().last_error, 'collector answered status 503')
    assert(tracker:track_structured_event({ category = 'c', action = 'second' }))
    expect.equal(#transport.requests, 1, 'no request during the back-off')
    clock.advance(1000)
    local ok = emitter:flush(false)
    expect.equal(ok, false)
    expect.equal(#transport.requests, 2)
    clock.advance(1999)
    emitter:flush(false)
    expect.equal(#transport.requests, 2, 'the back-off doubled to 2000 ms')
    clock.advance(1)
    expect.equal(emitter:flush(false), true)
    local sent = events_in(transport.requests[3])
    expect.equal(#sent, 2)
    expect.equal(sent[1].se_ac, 'first')
    expect.equal(sent[2].se_ac, 'second')
    local stats = emitter:stats()
    expect.equal({ stats.queued, stats.sent, stats.retried, stats.failed }, { 0, 2, 2, 0 })
  end)

  it('drops and counts events the collector refuses for good (400, 401, 403, 410, 422)', function()
    local transport = helpers.recording_transport({ 400, 200 })
    local emitter = post_emitter(transport, { buffer_size = 1 })
    local tracker = helpers.tracker_on(emitter)
    assert(tracker:track_structured_event({ category = 'c', action = 'refused' }))
    assert(tracker:track_structured_event({ category = 'c', action = 'accepted' }))
    local stats = emitter:stats()
    expect.equal({ stats.failed, stats.sent, stats.queued }, { 1, 1, 0 })
    expect.equal(stats.last_error, 'collector refused 1 event(s) with status 400')
  end)

  it('bounds the queue, counting the events it drops and saying so', function()
    local transport = helpers.recording_transport({ 'down', 'down', 'down', 'down', 'down' })
    local clock = helpers.fake_clock()
    local emitter = post_emitter(transport, { buffer_size = 1, max_queue_size = 3, now_ms = clock.now_ms })
    local tracker = helpers.tracker_on(emitter)
    for i = 1, 3 do assert(tracker:track_structured_event({ category = 'c', action = 'a' .. i })) end
    expect.fails_with('event queue full (3 events): event dropped', tracker:track_structured_event({ category = 'c', action = 'a4' }))
    expect.equal(emitter:stats().dropped, 1)
    expect.equal(emitter:stats().queued, 3)
  end)

  it('turns a transport that raises into a retry, not an error in the host', function()
    local emitter = assert(snowline.function_emitter(function() error('socket exploded') end, { collector_url = 'http://127.0.0.1:9', buffer_size = 1 }))
    local tracker = helpers.tracker_on(emitter)
    local ran, ok = pcall(tracker.track_structured_event, tracker, { category = 'c', action = 'a' })
    expect.equal(ran, true)
    expect.equal(ok, true)
    expect.match(emitter:stats().last_error, 'transport raised: .*socket exploded')
    expect.fails_with('socket exploded', tracker:flush())
  end)

  it('refuses bad options with a message', function()
    local emitter, message = snowline.function_emitter(function() return 200 end, { collector_url = 'localhost:8080' })
    expect.equal(emitter, nil)
    expect.match(message, 'must start with http')
    emitter, message = snowline.function_emitter(function() return 200 end, { collector_url = 'http://x', buffer_size = 0 })
    expect.match(message, 'buffer_size must be a positive integer')
  end)
end)
