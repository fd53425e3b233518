-- A small JSON encoder/decoder that behaves the same on Lua 5.1-5.4, LuaJIT and fengari.
-- Object keys are written in sorted order so that the same table gives the same bytes on every runtime
-- (table iteration order differs between interpreters). Numbers never rely on the interpreter's tostring,
-- which prints floats differently on fengari.
local json = {}

local array_marker = {}

--- Marks a table as a JSON array (needed for empty arrays, which are otherwise written as objects).
function json.array(t)
  return setmetatable(t or {}, array_marker)
end

local escapes = {
  ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t',
}

local function escape_char(c)
  return escapes[c] or string.format('\\u%04x', string.byte(c))
end

local function encode_string(s)
  -- Most strings need no escaping; find is much cheaper than gsub on fengari.
  if not string.find(s, '[%c"\\]') then return '"' .. s .. '"' end
  return '"' .. string.gsub(s, '[%c"\\]', escape_char) .. '"'
end
json.encode_string = encode_string

local function encode_number(n)
  if n ~= n or n == math.huge or n == -math.huge then
    error('cannot encode ' .. tostring(n) .. ' as JSON')
  end
  -- Whole numbers up to 2^53 are written without a fraction or exponent (milliseconds fit here).
  if math.floor(n) == n and n > -9007199254740992 and n < 9007199254740992 then
    return string.format('%.0f', n)
  end
  return string.format('%.14g', n)
end

local function is_array(t)
  if getmetatable(t) == array_marker then return true end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  if count == 0 then return false end
  for i = 1, count do
    if t[i] == nil then return false end
  end
  return true
end

local encode_value

local function encode_table(t, depth)
  if depth > 64 then error('cannot encode a table nested deeper than 64 levels (a cycle?)') end
  local parts = {}
  if is_array(t) then
    for i = 1, #t do parts[i] = encode_value(t[i], depth + 1) end
    return '[' .. table.concat(parts, ',') .. ']'
  end
  local keys = {}
  for k in pairs(t) do
    if type(k) ~= 'string' then error('cannot encode a table key of type ' .. type(k) .. ' as JSON') end
    keys[#keys + 1] = k
  end
  table.sort(keys)
  for i, k in ipairs(keys) do
    parts[i] = encode_string(k) .. ':' .. encode_value(t[k], depth + 1)
  end
  return '{' .. table.concat(parts, ',') .. '}'
end

encode_value = function(v, depth)
  local kind = type(v)
  if kind == 'string' then return encode_string(v) end
  if kind == 'number' then return encode_number(v) end
  if kind == 'boolean' then return v and 'true' or 'false' end
  if v == nil or v == json.null then return 'null' end
  if kind == 'table' then return encode_table(v, depth) end
  error('cannot encode a value of type ' .. kind .. ' as JSON')
end

json.null = setmetatable({}, { __tostring = function() return 'null' end })

--- Encodes a Lua value as JSON; raises on values JSON cannot hold (callers wrap it in pcall).
function json.encode(v)
  return encode_value(v, 0)
end

-- Decoder --------------------------------------------------------------------------------------------

local function decode_error(s, pos, what)
  error(string.format('invalid JSON at byte %d: %s', pos, what))
end

local function skip_space(s, pos)
  return string.find(s, '[^ \t\r\n]', pos) or (#s + 1)
end

local function utf8_char(code)
  if code < 128 then return string.char(code) end
  if code < 2048 then
    return string.char(192 + math.floor(code / 64), 128 + code % 64)
  end
  if code < 65536 then
    return string.char(224 + math.floor(code / 4096), 128 + math.floor(code / 64) % 64, 128 + code % 64)
  end
  return string.char(240 + math.floor(code / 262144), 128 + math.floor(code / 4096) % 64,
    128 + math.floor(code / 64) % 64, 128 + code % 64)
end

local decode_value

local function decode_string(s, pos)
  local parts = {}
  local i = pos + 1
  while true do
    local c = string.sub(s, i, i)
    if c == '' then decode_error(s, i, 'unterminated string') end
    if c == '"' then return table.concat(parts), i + 1 end
    if c == '\\' then
      local e = string.sub(s, i + 1, i + 1)
      local simple = ({ ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' })[e]
      if simple then
        parts[#parts + 1] = simple
        i = i + 2
      elseif e == 'u' then
        local hex = string.sub(s, i + 2, i + 5)
        local code = tonumber(hex, 16)
        if not code or #hex ~= 4 then decode_error(s, i, 'bad \\u escape') end
        i = i + 6
        if code >= 55296 and code < 56320 and string.sub(s, i, i + 1) == '\\u' then
          local low = tonumber(string.sub(s, i + 2, i + 5), 16)
          if low and low >= 56320 and low < 57344 then
            code = 65536 + (code - 55296) * 1024 + (low - 56320)
            i = i + 6
          end
        end
        parts[#parts + 1] = utf8_char(code)
      else
        decode_error(s, i, 'bad escape')
      end
    else
      local stop = string.find(s, '["\\]', i) or (#s + 1)
      parts[#parts + 1] = string.sub(s, i, stop - 1)
      i = stop
    end
  end
end

local function decode_array(s, pos)
  local result = json.array({})
  pos = skip_space(s, pos + 1)
  if string.sub(s, pos, pos) == ']' then return result, pos + 1 end
  while true do
    local v
    v, pos = decode_value(s, pos)
    result[#result + 1] = v
    pos = skip_space(s, pos)
    local c = string.sub(s, pos, pos)
    if c == ']' then return result, pos + 1 end
    if c ~= ',' then decode_error(s, pos, "expected ',' or ']'") end
    pos = skip_space(s, pos + 1)
  end
end

local function decode_object(s, pos)
  local result = {}
  pos = skip_space(s, pos + 1)
  if string.sub(s, pos, pos) == '}' then return result, pos + 1 end
  while true do
    if string.sub(s, pos, pos) ~= '"' then decode_error(s, pos, 'expected a string key') end
    local key
    key, pos = decode_string(s, pos)
    pos = skip_space(s, pos)
    if string.sub(s, pos, pos) ~= ':' then decode_error(s, pos, "expected ':'") end
    local v
    v, pos = decode_value(s, skip_space(s, pos + 1))
    result[key] = v
    pos = skip_space(s, pos)
    local c = string.sub(s, pos, pos)
    if c == '}' then return result, pos + 1 end
    if c ~= ',' then decode_error(s, pos, "expected ',' or '}'") end
    pos = skip_space(s, pos + 1)
  end
end

decode_value = function(s, pos)
  pos = skip_space(s, pos)
  local c = string.sub(s, pos, pos)
  if c == '{' then return decode_object(s, pos) end
  if c == '[' then return decode_array(s, pos) end
  if c == '"' then return decode_string(s, pos) end
  if string.sub(s, pos, pos + 3) == 'true' then return true, pos + 4 end
  if string.sub(s, pos, pos + 4) == 'false' then return false, pos + 5 end
  if string.sub(s, pos, pos + 3) == 'null' then return json.null, pos + 4 end
  local number_text = string.match(s, '^-?%d+%.?%d*[eE]?[-+]?%d*', pos)
  if number_text and number_text ~= '' then
    local n = tonumber(number_text)
    if n == nil then decode_error(s, pos, 'bad number') end
    return n, pos + #number_text
  end
  decode_error(s, pos, 'unexpected character')
end

--- Decodes JSON text; JSON null becomes json.null. Raises on malformed input (callers wrap it in pcall).
function json.decode(s)
  local v, pos = decode_value(s, 1)
  pos = skip_space(s, pos)
  if pos <= #s then decode_error(s, pos, 'trailing characters') end
  return v
end

return json
