-- The 2013 API: a 2013 game script's calls, names and return values, producing modern events.
local snowline = require('snowline')
local helpers = require('helpers')
local json = snowline.json
local base64 = snowline.base64

local function legacy_tracker(statuses)
  local transport = helpers.recording_transport(statuses)
  snowline.set_default_transport(transport.send)
  local tracker = assert(snowline.newTrackerForUri('collector.example:8080'))
  snowline.set_default_transport(nil)
  return tracker, transport
end

local function params_of(url)
  local params = {}
  for key, value in string.gmatch(url, '[?&]([^=&]+)=([^&]*)') do
    params[key] = string.gsub(value, '%%(%x%x)', function(h) return string.char(tonumber(h, 16)) end)
  end
  return params
end

describe('2013 API', function()
  it('runs a 2013 script unchanged and sends one GET per event to http://<host>/i', function()
    local t, transport = legacy_tracker()
    expect.equal(t:platform('tv'), true)
    expect.equal(t:setAppId('wow-ext-1'), true)
    expect.equal(t:setUserId('user123'), true)
    expect.equal(t:setScreenResolution(1068, 720), true)
    expect.equal(t:setViewport(420, 360), true)
    expect.equal(t:setColorDepth(32), true)
    expect.equal(t:trackStructEvent('shop', 'add-to-basket', nil, 'units', 2, 1369330909), true)
    local request = transport.requests[1]
    expect.equal(request.method, 'GET')
    expect.match(request.url, '^http://collector%.example:8080/i%?stm=')
    local p = params_of(request.url)
    expect.equal({ p.e, p.se_ca, p.se_ac, p.se_pr, p.se_va, p.p, p.aid, p.uid, p.res, p.vp, p.cd },
      { 'se', 'shop', 'add-to-basket', 'units', '2', 'tv', 'wow-ext-1', 'user123', '1068x720', '420x360', '32' })
    expect.equal(p.ttm, '1369330909000', 'the 2013 tstamp (seconds) becomes ttm in milliseconds')
    expect.match(p.dtm, '^%d%d%d%d%d%d%d%d%d%d%d%d%d$')
    expect.match(p.eid, '^%x+%-%x+%-4')
  end)

  it('sends screen views as the modern screen_view event instead of e=sv', function()
    local t, transport = legacy_tracker()
    expect.equal(t:trackScreenView('Game HUD', '23'), true)
    local p = params_of(transport.requests[1].url)
    expect.equal(p.e, 'ue')
    local event = json.decode(base64.decode(p.ue_px)).data
    expect.equal(event.schema, 'iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0')
    expect.equal(event.data.name, 'Game HUD')
    expect.equal(event.data.type, '23')
  end)

  it('sends unstructured events as the io.snowline/lua_event self-describing event, plain JSON when asked', function()
    local t, transport = legacy_tracker()
    expect.equal(t:encodeBase64(false), true)
    expect.equal(t:trackUnstructEvent('save-game', { save_id = '4321', level = 23 }), true)
    local p = params_of(transport.requests[1].url)
    local event = json.decode(p.ue_pr).data
    expect.equal(event.schema, 'iglu:io.snowline/lua_event/jsonschema/1-0-0')
    expect.equal(event.data.name, 'save-game')
    expect.equal(event.data.properties.level, 23)
  end)

  it('returns the 2013 validation messages', function()
    local t = legacy_tracker()
    expect.fails_with('platform must be a string from the set {pc, tv, mob, cnsl, iot}, not [fake]', t:platform('fake'))
    expect.fails_with('category is required and must be a non-empty string, not [<nil>]', t:trackStructEvent(nil, 'a'))
    expect.fails_with('properties is required and must be a non-empty table, not [{}]', t:trackUnstructEvent('x', {}))
    local none, message = snowline.newTrackerForCf('')
    expect.equal(none, nil)
    expect.equal(message, 'cfSubdomain is required and must be a non-empty string, not []')
  end)

  it('reports a collector that cannot be found as the 2013 tracker did, and keeps the event to retry', function()
    local t, transport = legacy_tracker({ 'host not found' })
    expect.fails_with('Host [http://collector.example:8080/i] not found (possible connectivity error)', t:trackStructEvent('a', 'b'))
    expect.equal(#transport.requests, 1)
  end)

  it('reports a server error and a client error', function()
    local t = legacy_tracker({ 500 })
    expect.fails_with('collector answered status 500', t:trackStructEvent('a', 'b'))
    t = legacy_tracker({ 400 })
    expect.fails_with('collector refused 1 event(s) with status 400', t:trackStructEvent('a', 'b'))
  end)

  it('builds the CloudFront collector address from a subdomain', function()
    local transport = helpers.recording_transport()
    snowline.set_default_transport(transport.send)
    local t = assert(snowline.newTrackerForCf('d3rkrsqld9gmqf'))
    snowline.set_default_transport(nil)
    assert(t:trackStructEvent('a', 'b'))
    expect.match(transport.requests[1].url, '^http://d3rkrsqld9gmqf%.cloudfront%.net/i%?')
  end)
end)
