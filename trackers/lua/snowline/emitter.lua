-- The emitter core shared by every transport: a bounded queue, batching into POST bodies (or one event per
-- GET), retry of retryable failures with back-off, and counters. A transport is one function
-- `send(request) -> status` or `nil, message`, with request = {method, url, body, headers}.
-- Synchronous transports (LuaSocket, a host function) flush inline; OpenResty passes `schedule` so that
-- flushing happens in an ngx.timer, never in the request that tracked.
local json = require('snowline.json')
local url = require('snowline.url')
local clock = require('snowline.clock')
local schemas = require('snowline.schemas')

local emitter = {}
local Emitter = {}
Emitter.__index = Emitter

emitter.POST_PATH = '/com.snowplowanalytics.snowplow/tp2'
emitter.GET_PATH = '/i'
-- The JS tracker's envelope estimate: bytes the payload_data wrapper and stm add to a POST body.
local POST_ENVELOPE_BYTES = 88
-- Statuses that mean the collector refused the events for good (the JS tracker's list).
local NOT_RETRYABLE = { [400] = true, [401] = true, [403] = true, [410] = true, [422] = true }

local function check_positive(name, v, default)
  if v == nil then return default end
  if type(v) ~= 'number' or v < 1 or math.floor(v) ~= v then
    error(name .. ' must be a positive integer, not [' .. tostring(v) .. ']', 0)
  end
  return v
end

--- Options: send (required), collector_url (required), method ('post' or 'get'), buffer_size (events that
--- trigger a flush; 1 for GET, 10 for POST), max_queue_size (1000), max_post_bytes (40000),
--- retry_delay_ms (1000, doubled per failure up to max_retry_delay_ms = 60000), flush_interval_ms (how long a
--- part-filled batch may wait, 1000: a timer with schedule, else checked on each event and on tick()),
--- schedule(delay_seconds, fn), now_ms.
function emitter.new(options)
  if type(options) ~= 'table' then error('emitter options must be a table', 0) end
  if type(options.send) ~= 'function' then error('emitter needs a send function (the transport)', 0) end
  local target, message = url.parse(options.collector_url)
  if not target then error(message, 0) end
  local method = options.method or 'post'
  if method ~= 'post' and method ~= 'get' then
    error("method must be 'post' or 'get', not [" .. tostring(method) .. ']', 0)
  end
  local base = string.gsub(options.collector_url, '/+$', '')
  return setmetatable({
    send = options.send,
    method = method,
    endpoint = base .. (method == 'post' and emitter.POST_PATH or emitter.GET_PATH),
    buffer_size = check_positive('buffer_size', options.buffer_size, method == 'post' and 10 or 1),
    max_queue_size = check_positive('max_queue_size', options.max_queue_size, 1000),
    max_post_bytes = check_positive('max_post_bytes', options.max_post_bytes, 40000),
    retry_delay_ms = check_positive('retry_delay_ms', options.retry_delay_ms, 1000),
    max_retry_delay_ms = check_positive('max_retry_delay_ms', options.max_retry_delay_ms, 60000),
    flush_interval_ms = check_positive('flush_interval_ms', options.flush_interval_ms, 1000),
    schedule = options.schedule,
    report_send_errors = options.report_send_errors and true or false,
    now_ms = options.now_ms or clock.now_ms,
    queue = {},
    head = 1,
    tail = 0,
    flushing = false,
    scheduled_at = nil,
    oldest_queued_at = 0,
    consecutive_failures = 0,
    next_attempt_at = 0,
    counters = { sent = 0, failed = 0, dropped = 0, retried = 0, requests = 0 },
    last_error = nil,
  }, Emitter)
end

function Emitter:queued()
  return self.tail - self.head + 1
end

--- Counters: queued, sent, failed (refused by the collector), dropped (queue full), retried (failed
--- requests that will be tried again), requests, last_error.
function Emitter:stats()
  local c = self.counters
  return {
    queued = self:queued(), sent = c.sent, failed = c.failed, dropped = c.dropped,
    retried = c.retried, requests = c.requests, last_error = self.last_error,
  }
end

local function arm(self, delay_ms)
  local due = self.now_ms() + delay_ms
  if self.scheduled_at and self.scheduled_at <= due then return end
  self.scheduled_at = due
  local ok, err = pcall(self.schedule, delay_ms / 1000, function()
    self.scheduled_at = nil
    self:flush(false)
    -- A timer that fired during a back-off it did not arm must leave one armed for the end of the back-off,
    -- or the queue would wait for the next tracked event.
    if self:queued() > 0 and not self.flushing then
      local wait = self.next_attempt_at - self.now_ms()
      arm(self, wait > 0 and wait or self.flush_interval_ms)
    end
  end)
  if not ok then
    self.scheduled_at = nil
    self.last_error = 'could not schedule a flush: ' .. tostring(err)
  end
end

--- Queues one event (a snowline.payload). Returns true, or false and a message when the queue is full
--- (the event is dropped and counted). With report_send_errors (the 2013 API), a synchronous send that
--- this event triggered and that failed also gives false and a message (a retryable event stays queued).
function Emitter:input(event)
  if self:queued() >= self.max_queue_size then
    self.counters.dropped = self.counters.dropped + 1
    return false, 'event queue full (' .. self.max_queue_size .. ' events): event dropped'
  end
  if self:queued() == 0 then self.oldest_queued_at = self.now_ms() end
  self.tail = self.tail + 1
  self.queue[self.tail] = event
  if self.schedule then
    if self:queued() >= self.buffer_size then arm(self, 0) else arm(self, self.flush_interval_ms) end
    return true
  end
  if self:queued() >= self.buffer_size or self:flush_due() then
    local ok, message = self:flush(false)
    if not ok and self.report_send_errors then
      if self.consecutive_failures > 0 then message = message .. ' (the event is kept and will be retried)' end
      return false, message
    end
  end
  return true
end

--- True when a part-filled batch has waited flush_interval_ms (synchronous emitters have no timer: the check
--- runs on each tracked event and on tick()).
function Emitter:flush_due()
  return self:queued() > 0 and self.now_ms() - self.oldest_queued_at >= self.flush_interval_ms
end

--- For game loops: call it every frame or so; sends a part-filled batch once it has waited flush_interval_ms
--- (and retries after a back-off). Cheap when there is nothing to do. Returns like flush.
function Emitter:tick()
  if self.schedule or not self:flush_due() then return true end
  return self:flush(false)
end

local function take_batch(self)
  if self.method == 'get' then return 1 end
  local size, count = POST_ENVELOPE_BYTES, 0
  for i = self.head, self.tail do
    local event_size = self.queue[i]:byte_size()
    if count > 0 and size + event_size > self.max_post_bytes then break end
    size = size + event_size
    count = count + 1
  end
  return count
end

function Emitter:build_request(count)
  local sent_at = clock.format_ms(self.now_ms())
  if self.method == 'get' then
    local event = self.queue[self.head]
    local keys = { 'stm' }
    local values = { stm = sent_at }
    for _, key in ipairs(event.keys) do
      if key ~= 'stm' then
        keys[#keys + 1] = key
        values[key] = event.values[key]
      end
    end
    return { method = 'GET', url = self.endpoint .. '?' .. url.encode_query(keys, values), headers = {} }
  end
  -- Each event is written in the order its parameters were added (no copy, no key sort: this is the hot path).
  -- Keys are protocol parameter names and need no escaping; values are checked for characters JSON must
  -- escape once per event, not once per value (pattern matching is slow on fengari).
  local events = {}
  local sent_at_json = json.encode_string(sent_at)
  for i = self.head, self.head + count - 1 do
    local event = self.queue[i]
    local keys, values = event.keys, event.values
    local parts, raw = {}, {}
    for j = 1, #keys do raw[j] = values[keys[j]] end
    local plain = not string.find(table.concat(raw), '[%c"\\]')
    for j = 1, #keys do
      if plain then
        parts[j] = '"' .. keys[j] .. '":"' .. raw[j] .. '"'
      else
        parts[j] = '"' .. keys[j] .. '":' .. json.encode_string(raw[j])
      end
    end
    if values.stm == nil then parts[#parts + 1] = '"stm":' .. sent_at_json end
    events[#events + 1] = '{' .. table.concat(parts, ',') .. '}'
  end
  return {
    method = 'POST',
    url = self.endpoint,
    body = '{"schema":' .. json.encode_string(schemas.payload_data) .. ',"data":[' .. table.concat(events, ',') .. ']}',
    headers = { ['Content-Type'] = 'application/json; charset=UTF-8' },
  }
end

local function drop_head(self, count)
  for i = self.head, self.head + count - 1 do self.queue[i] = nil end
  self.head = self.head + count
  if self.head > self.tail then self.head, self.tail = 1, 0 end
  -- The remaining events are younger than the ones sent; counting their wait from now is close enough.
  self.oldest_queued_at = self.now_ms()
end

local function retry_later(self, message)
  self.consecutive_failures = self.consecutive_failures + 1
  self.counters.retried = self.counters.retried + 1
  local delay = self.retry_delay_ms
  for _ = 2, self.consecutive_failures do
    delay = delay * 2
    if delay >= self.max_retry_delay_ms then delay = self.max_retry_delay_ms break end
  end
  self.next_attempt_at = self.now_ms() + delay
  self.last_error = message
  if self.schedule then arm(self, delay) end
  return false, message
end

--- Sends queued events until the queue is empty or a send fails. Unless `force`, waits out the back-off
--- after a failure. Returns true, or false and the reason the queue is not empty.
function Emitter:flush(force)
  if self.flushing then return false, 'a flush is already in progress' end
  if not force and self.now_ms() < self.next_attempt_at then
    return false, 'waiting to retry after: ' .. tostring(self.last_error)
  end
  self.flushing = true
  local refused
  local ok, result, message = pcall(function()
    while self:queued() > 0 do
      local count = take_batch(self)
      local request = self:build_request(count)
      self.counters.requests = self.counters.requests + 1
      local call_ok, status, send_error = pcall(self.send, request)
      if not call_ok then return retry_later(self, 'transport raised: ' .. tostring(status)) end
      if type(status) ~= 'number' then
        return retry_later(self, 'request to ' .. self.endpoint .. ' failed: ' .. tostring(send_error or status))
      end
      if status >= 200 and status < 300 then
        drop_head(self, count)
        self.counters.sent = self.counters.sent + count
        self.consecutive_failures = 0
        self.next_attempt_at = 0
      elseif NOT_RETRYABLE[status] then
        drop_head(self, count)
        self.counters.failed = self.counters.failed + count
        self.last_error = 'collector refused ' .. count .. ' event(s) with status ' .. status
        refused = self.last_error
      else
        return retry_later(self, 'collector answered status ' .. status)
      end
    end
    if refused then return false, refused end
    return true
  end)
  self.flushing = false
  if not ok then return false, tostring(result) end
  return result, message
end

return emitter
