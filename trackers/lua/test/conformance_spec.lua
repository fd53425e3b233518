-- Runs the shared payload vectors (trackers/conformance/tracker-payloads.json) through the Lua tracker.
local json = require('snowline.json')
local base64 = require('snowline.base64')
local snowline = require('snowline')

local vectors = json.decode(read_file(TEST_ROOT .. '/trackers/conformance/tracker-payloads.json'))

local function capturing_emitter()
  local events = {}
  return {
    events = events,
    input = function(_, event)
      events[#events + 1] = event
      return true
    end,
    flush = function() return true end,
  }
end

local function snake_subject(fields)
  if not fields then return nil end
  local map = {
    userId = 'user_id', screenResolution = 'screen_resolution', viewport = 'viewport', colorDepth = 'color_depth',
    language = 'language', timezone = 'timezone', ipAddress = 'ip_address', useragent = 'useragent',
  }
  local out = {}
  for k, v in pairs(fields) do out[assert(map[k], 'unknown subject field ' .. k)] = v end
  return assert(snowline.new_subject(out))
end

local function call(tracker, case)
  local e = case.event
  local common = { entities = case.entities, true_timestamp = case.trueTimestampMs }
  local function with(args)
    for k, v in pairs(common) do args[k] = v end
    return args
  end
  if e.type == 'pageView' then
    return tracker:track_page_view(with({ url = e.url, title = e.title, referrer = e.referrer }))
  elseif e.type == 'structured' then
    return tracker:track_structured_event(with({
      category = e.category, action = e.action, label = e.label, property = e.property, value = e.value,
    }))
  elseif e.type == 'selfDescribing' then
    return tracker:track_self_describing_event(with({ schema = e.schema, data = e.data }))
  elseif e.type == 'screenView' then
    return tracker:track_screen_view(with({ name = e.name, id = e.id }))
  elseif e.type == 'timing' then
    return tracker:track_timing(with({ category = e.category, variable = e.variable, timing = e.timing, label = e.label }))
  elseif e.type == 'ecommerceTransaction' then
    local items = {}
    for i, item in ipairs(e.items) do
      items[i] = { sku = item.sku, name = item.name, category = item.category, price = item.price, quantity = item.quantity }
    end
    return tracker:track_ecommerce_transaction(with({
      order_id = e.orderId, total = e.total, affiliation = e.affiliation, tax = e.tax, shipping = e.shipping,
      city = e.city, state = e.state, country = e.country, currency = e.currency, items = items,
    }))
  end
  error('unknown event type ' .. tostring(e.type))
end

-- json.decode marks arrays; plain tables compare equal to them field by field.
local function plain(v)
  if type(v) ~= 'table' then return v end
  local out = {}
  for k, x in pairs(v) do out[k] = plain(x) end
  return out
end

local function check_event(values, expected_params, expected_json)
  expect.match(values.eid, '^%x%x%x%x%x%x%x%x%-%x%x%x%x%-4%x%x%x%-[89ab]%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x$', 'eid')
  expect.match(values.tv, '^lua%-', 'tv')
  local rest = {}
  for k, v in pairs(values) do
    expect.truthy(v ~= '', 'value of ' .. k .. ' not empty')
    if k ~= 'eid' and k ~= 'tv' and not (expected_json and expected_json[k]) then rest[k] = v end
  end
  expect.equal(rest, plain(expected_params), 'parameters')
  for key, expected in pairs(expected_json or {}) do
    local text = values[key]
    expect.truthy(text, key .. ' present')
    if key == 'ue_px' or key == 'cx' then text = assert(base64.decode(text)) end
    expect.equal(plain(json.decode(text)), plain(expected), key)
  end
end

describe('conformance vectors', function()
  for _, case in ipairs(vectors.cases) do
    it(case.name, function()
      local emitter = capturing_emitter()
      local tracker = assert(snowline.new_tracker({
        emitter = emitter,
        namespace = case.tracker.namespace,
        app_id = case.tracker.appId,
        platform = case.tracker.platform,
        encode_base64 = case.tracker.encodeBase64,
        subject = snake_subject(case.subject),
        now_ms = function() return case.nowMs end,
      }))
      local ok, message = call(tracker, case)
      expect.equal(ok, true, message)
      local expected_events = case.expected.events or { case.expected.params }
      expect.equal(#emitter.events, #expected_events, 'number of events')
      for i, expected in ipairs(expected_events) do
        check_event(emitter.events[i].values, expected, case.expected.json)
      end
    end)
  end
end)
