local snowline = require('snowline')
local helpers = require('helpers')

describe('tracker', function()
  local function make()
    local transport = helpers.recording_transport()
    local emitter = assert(snowline.function_emitter(transport.send, { collector_url = 'http://127.0.0.1:9', method = 'get' }))
    return helpers.tracker_on(emitter, { encode_base64 = false }), transport
  end

  it('returns false and a message for missing or mistyped arguments, in the 2013 wording', function()
    local tracker = make()
    expect.fails_with('category is required and must be a non-empty string, not [<nil>]', tracker:track_structured_event({ action = 'a' }))
    expect.fails_with('label must be a string or nil, not [{}]', tracker:track_structured_event({ category = 'c', action = 'a', label = {} }))
    expect.fails_with('value must be a number or nil, not [x]', tracker:track_structured_event({ category = 'c', action = 'a', value = 'x' }))
    expect.fails_with('value must be a finite number, not [', tracker:track_structured_event({ category = 'c', action = 'a', value = math.huge }))
    expect.fails_with('value must be a finite number, not [', tracker:track_structured_event({ category = 'c', action = 'a', value = 0 / 0 }))
    expect.fails_with('url is required', tracker:track_page_view({}))
    expect.fails_with('schema must be an Iglu URI', tracker:track_self_describing_event({ schema = 'x', data = {} }))
    expect.fails_with('timing is required and must be a whole number', tracker:track_timing({ category = 'c', variable = 'v', timing = 1.5 }))
  end)

  it('never raises into the host, whatever it is given', function()
    local tracker = make()
    local cycle = {}
    cycle.me = cycle
    local calls = {
      function() return tracker:track_structured_event(nil) end,
      function() return tracker:track_structured_event('not a table') end,
      function() return tracker:track_self_describing_event({ schema = 'iglu:a.b/c/jsonschema/1-0-0', data = cycle }) end,
      function() return tracker:track_self_describing_event({ schema = 'iglu:a.b/c/jsonschema/1-0-0', data = { f = print } }) end,
      function() return tracker:track_page_view({ url = 'https://x', entities = { { schema = 'bad' } } }) end,
      function() return tracker:track_ecommerce_transaction({ order_id = 'o', total = 1, items = { { sku = 's' } } }) end,
      function() return tracker.track_page_view(nil, { url = 'x' }) end,
    }
    for i, call in ipairs(calls) do
      local ran, ok, message = pcall(call)
      expect.equal(ran, true, 'call ' .. i .. ' raised: ' .. tostring(ok))
      expect.equal(ok, false, 'call ' .. i)
      expect.equal(type(message), 'string', 'message of call ' .. i)
    end
  end)

  it('refuses an unknown platform and a missing emitter with a message, not an error', function()
    local tracker, message = snowline.new_tracker({ emitter = { input = function() return true end }, platform = 'fridge' })
    expect.equal(tracker, nil)
    expect.match(message, 'platform must be a string from the set')
    tracker, message = snowline.new_tracker({})
    expect.equal(tracker, nil)
    expect.match(message, 'emitter is required')
  end)

  it('puts a fresh eid and dtm in milliseconds on every event', function()
    local tracker, transport = make()
    assert(tracker:track_structured_event({ category = 'c', action = 'a' }))
    assert(tracker:track_structured_event({ category = 'c', action = 'a' }))
    local first = transport.requests[1].url
    local second = transport.requests[2].url
    local eid1 = string.match(first, '[?&]eid=([%x%-]+)')
    local eid2 = string.match(second, '[?&]eid=([%x%-]+)')
    expect.truthy(eid1 and eid2 and eid1 ~= eid2, 'two different eids')
    expect.match(first, '[?&]dtm=%d%d%d%d%d%d%d%d%d%d%d%d%d&', 'dtm with 13 digits')
  end)

  it('changes the subject of later events with subject setters', function()
    local tracker, transport = make()
    local subject = assert(snowline.new_subject({ user_id = 'a' }))
    assert(tracker:set_subject(subject))
    assert(subject:set_user_id('b'))
    assert(subject:set_screen_resolution(640, 480))
    expect.fails_with('viewport width must be a positive integer', subject:set_viewport(0, 10))
    assert(tracker:track_page_view({ url = 'https://x' }))
    expect.match(transport.requests[1].url, '&uid=b&res=640x480')
  end)

  it('keeps a non-UUID screen id in type and gives the screen view a UUID id', function()
    local transport = helpers.recording_transport()
    local emitter = assert(snowline.function_emitter(transport.send, { collector_url = 'http://127.0.0.1:9', method = 'post', buffer_size = 1 }))
    local tracker = helpers.tracker_on(emitter, { encode_base64 = false })
    assert(tracker:track_screen_view({ name = 'HUD', id = 'hud-1' }))
    local body = snowline.json.decode(transport.requests[1].body)
    local event = snowline.json.decode(body.data[1].ue_pr).data
    expect.equal(event.data.type, 'hud-1')
    expect.match(event.data.id, '^%x+%-%x+%-4%x+%-%x+%-%x+$')
  end)
end)

describe('tracker with a subject per call', function()
  it('uses the subject given to the call instead of the tracker one, for that event only', function()
    local transport = helpers.recording_transport()
    local emitter = assert(snowline.function_emitter(transport.send, { collector_url = 'http://127.0.0.1:9', method = 'get' }))
    local tracker = helpers.tracker_on(emitter, { subject = assert(snowline.new_subject({ user_id = 'server' })) })
    local visitor = assert(snowline.new_subject({ ip_address = '198.51.100.7', useragent = 'curl/8' }))
    assert(tracker:track_page_view({ url = 'https://x/a', subject = visitor }))
    assert(tracker:track_page_view({ url = 'https://x/b' }))
    expect.match(transport.requests[1].url, '&ip=198%.51%.100%.7&ua=curl%%2F8$')
    expect.match(transport.requests[2].url, '&uid=server$')
    expect.fails_with('subject must come from snowline.new_subject', tracker:track_page_view({ url = 'https://x', subject = {} }))
  end)
end)

describe('tracker timestamps', function()
  it('sends a true timestamp as ttm beside dtm, which every event carries', function()
    local transport = helpers.recording_transport()
    local emitter = assert(snowline.function_emitter(transport.send, { collector_url = 'http://127.0.0.1:9', method = 'get' }))
    local tracker = helpers.tracker_on(emitter, { now_ms = function() return 1700000000123 end })
    assert(tracker:track_structured_event({ category = 'a', action = 'b', true_timestamp = 1600000000999 }))
    expect.match(transport.requests[1].url, '&dtm=1700000000123&ttm=1600000000999&')
  end)
end)
