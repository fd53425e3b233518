-- The tracker: turns track_* calls into protocol parameters and hands them to its emitter.
-- Every public method returns `true` or `false, message` and never raises into the host: argument errors
-- are raised inside and caught by one pcall per call.
local json = require('snowline.json')
local payload = require('snowline.payload')
local validate = require('snowline.validate')
local subject_module = require('snowline.subject')
local clock = require('snowline.clock')
local uuid = require('snowline.uuid')
local schemas = require('snowline.schemas')
local version = require('snowline.version')

local tracker = {}
local Tracker = {}
Tracker.__index = Tracker

tracker.platforms = { 'pc', 'mob', 'srv', 'app', 'tv', 'cnsl', 'iot', 'web', 'headset' }

--- Options: emitter (required), namespace, app_id, platform ('pc'), encode_base64 (true), subject,
--- now_ms (a clock function, for tests and hosts with their own clock), new_event_id.
function tracker.new(options)
  validate.table('tracker options', options)
  local emitter = options.emitter
  if type(emitter) ~= 'table' or type(emitter.input) ~= 'function' then
    error('emitter is required: one of snowline.luasocket_emitter, openresty_emitter or function_emitter', 0)
  end
  validate.optional_string('namespace', options.namespace)
  validate.optional_string('app_id', options.app_id)
  local platform = options.platform or 'pc'
  validate.one_of('platform', platform, tracker.platforms)
  local encode_base64 = options.encode_base64
  if encode_base64 == nil then encode_base64 = true end
  local self = setmetatable({
    emitter = emitter,
    namespace = options.namespace,
    app_id = options.app_id,
    platform = platform,
    encode_base64 = encode_base64 and true or false,
    subject = options.subject or subject_module.new(),
    now_ms = options.now_ms or clock.now_ms,
    new_event_id = options.new_event_id or uuid.v4,
    tracker_version = options.tracker_version or version.tracker_version,
  }, Tracker)
  return self
end

-- Adds the fields every event carries and hands the event to the emitter. A `subject` in the call's
-- arguments replaces the tracker's for this event (a server tracking many users: one subject per request).
-- The checks below test the common valid case inline and call validate only to raise: on fengari every
-- function call costs microseconds, and this is the path of every event.
function Tracker:complete_and_send(event, common)
  local entities, true_timestamp = common.entities, common.true_timestamp
  if entities ~= nil then validate.entities(entities) end
  if true_timestamp ~= nil then validate.optional_number('true_timestamp', true_timestamp) end
  local subject = common.subject or self.subject
  if type(subject) ~= 'table' or type(subject.add_to) ~= 'function' then
    error('subject must come from snowline.new_subject', 0)
  end
  event:add('eid', self.new_event_id())
  event:add('dtm', clock.format_ms(self.now_ms()))
  if true_timestamp then event:add('ttm', clock.format_ms(true_timestamp)) end
  event:add('tv', self.tracker_version)
  if self.namespace then event:add('tna', self.namespace) end
  if self.app_id then event:add('aid', self.app_id) end
  event:add('p', self.platform)
  subject:add_to(event)
  if entities and #entities > 0 then
    local wrapped = { schema = schemas.contexts, data = json.array({}) }
    for i, entity in ipairs(entities) do wrapped.data[i] = { schema = entity.schema, data = entity.data } end
    event:add_json('cx', 'co', wrapped, self.encode_base64)
  end
  return self.emitter:input(event)
end

local function self_describing(self, event, schema, data)
  event:add('e', 'ue')
  event:add_json('ue_px', 'ue_pr', {
    schema = schemas.unstruct_event,
    data = { schema = schema, data = data },
  }, self.encode_base64)
end

local builders = {}

function builders.page_view(self, event, args)
  validate.non_empty_string('url', args.url)
  validate.optional_string('title', args.title)
  validate.optional_string('referrer', args.referrer)
  event:add('e', 'pv')
  event:add('url', args.url)
  event:add('page', args.title)
  event:add('refr', args.referrer)
end

function builders.structured_event(self, event, args)
  local category, action, label, property, value = args.category, args.action, args.label, args.property, args.value
  if type(category) ~= 'string' or category == '' then validate.non_empty_string('category', category) end
  if type(action) ~= 'string' or action == '' then validate.non_empty_string('action', action) end
  if label ~= nil and type(label) ~= 'string' then validate.optional_string('label', label) end
  if property ~= nil and type(property) ~= 'string' then validate.optional_string('property', property) end
  if value ~= nil then validate.optional_number('value', value) end
  event:add('e', 'se')
  event:add('se_ca', category)
  event:add('se_ac', action)
  if label then event:add('se_la', label) end
  if property then event:add('se_pr', property) end
  if value then event:add('se_va', value) end
end

function builders.self_describing_event(self, event, args)
  validate.iglu_uri('schema', args.schema)
  validate.table('data', args.data)
  self_describing(self, event, args.schema, args.data)
end

local UUID_PATTERN = '^%x%x%x%x%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x$'

-- The screen_view schema wants a UUID id: a screen id that is not one (the 2013 tracker's free-form ids)
-- is kept in `type` and a fresh UUID becomes the id, as enrich does for 2013's e=sv.
function builders.screen_view(self, event, args)
  validate.non_empty_string('name', args.name)
  validate.optional_string('id', args.id)
  validate.optional_string('type', args.type)
  local data = { name = args.name, type = args.type }
  if args.id and string.match(args.id, UUID_PATTERN) then
    data.id = string.lower(args.id)
  else
    data.id = self.new_event_id()
    if args.id then data.type = args.id end
  end
  self_describing(self, event, schemas.screen_view, data)
end

function builders.timing(self, event, args)
  validate.non_empty_string('category', args.category)
  validate.non_empty_string('variable', args.variable)
  if type(args.timing) ~= 'number' or math.floor(args.timing) ~= args.timing then
    error('timing is required and must be a whole number of milliseconds, not [' .. validate.show(args.timing) .. ']', 0)
  end
  validate.optional_string('label', args.label)
  self_describing(self, event, schemas.timing, {
    category = args.category, variable = args.variable, timing = args.timing, label = args.label,
  })
end

local function build_and_send(self, kind, args)
  if type(args) ~= 'table' then validate.table(kind .. ' arguments', args) end
  local event = payload.new()
  builders[kind](self, event, args)
  return self:complete_and_send(event, args)
end

local function track(self, kind, args)
  local ok, result, message = pcall(build_and_send, self, kind, args)
  if not ok then return false, tostring(result) end
  if result then return true end
  return false, message
end

function Tracker:track_page_view(args) return track(self, 'page_view', args) end
function Tracker:track_structured_event(args) return track(self, 'structured_event', args) end
function Tracker:track_self_describing_event(args) return track(self, 'self_describing_event', args) end
function Tracker:track_screen_view(args) return track(self, 'screen_view', args) end
function Tracker:track_timing(args) return track(self, 'timing', args) end

--- An ecommerce transaction (e=tr) followed by one transaction item (e=ti) per entry of `items`.
--- Returns true only when every event was queued; otherwise false and the first message.
function Tracker:track_ecommerce_transaction(args)
  local ok, result, message = pcall(function()
    validate.table('transaction arguments', args)
    validate.non_empty_string('order_id', args.order_id)
    if type(args.total) ~= 'number' then
      error('total is required and must be a number, not [' .. validate.show(args.total) .. ']', 0)
    end
    for _, name in ipairs({ 'affiliation', 'city', 'state', 'country', 'currency' }) do
      validate.optional_string(name, args[name])
    end
    validate.optional_number('total', args.total)
    validate.optional_number('tax', args.tax)
    validate.optional_number('shipping', args.shipping)
    local items = args.items or {}
    validate.table('items', items)
    for i, item in ipairs(items) do
      validate.table('items[' .. i .. ']', item)
      validate.non_empty_string('items[' .. i .. '].sku', item.sku)
      if type(item.price) ~= 'number' then error('items[' .. i .. '].price must be a number', 0) end
      validate.optional_number('items[' .. i .. '].price', item.price)
      validate.positive_integer('items[' .. i .. '].quantity', item.quantity)
      validate.optional_string('items[' .. i .. '].name', item.name)
      validate.optional_string('items[' .. i .. '].category', item.category)
    end
    local transaction = payload.new()
    transaction:add('e', 'tr')
    transaction:add('tr_id', args.order_id)
    transaction:add('tr_tt', args.total)
    transaction:add('tr_af', args.affiliation)
    transaction:add('tr_tx', args.tax)
    transaction:add('tr_sh', args.shipping)
    transaction:add('tr_ci', args.city)
    transaction:add('tr_st', args.state)
    transaction:add('tr_co', args.country)
    transaction:add('tr_cu', args.currency)
    local all_ok, first_message = self:complete_and_send(transaction, args)
    for _, item in ipairs(items) do
      local line = payload.new()
      line:add('e', 'ti')
      line:add('ti_id', args.order_id)
      line:add('ti_sk', item.sku)
      line:add('ti_nm', item.name)
      line:add('ti_ca', item.category)
      line:add('ti_pr', item.price)
      line:add('ti_qu', item.quantity)
      line:add('ti_cu', args.currency)
      local item_ok, item_message = self:complete_and_send(line, args)
      if not item_ok and all_ok then all_ok, first_message = false, item_message end
    end
    return all_ok, first_message
  end)
  if not ok then return false, tostring(result) end
  if result then return true end
  return false, message
end

function Tracker:set_subject(subject)
  if type(subject) ~= 'table' or type(subject.add_to) ~= 'function' then
    return false, 'subject must come from snowline.new_subject'
  end
  self.subject = subject
  return true
end

--- For game loops: sends a part-filled batch once it has waited the emitter's flush_interval_ms.
function Tracker:tick()
  if type(self.emitter.tick) ~= 'function' then return true end
  local ok, result, message = pcall(self.emitter.tick, self.emitter)
  if not ok then return false, tostring(result) end
  if result then return true end
  return false, message
end

--- Sends everything queued now (ignoring any retry back-off); returns true or false, message.
function Tracker:flush()
  local ok, result, message = pcall(self.emitter.flush, self.emitter, true)
  if not ok then return false, tostring(result) end
  if result then return true end
  return false, message
end

return tracker
