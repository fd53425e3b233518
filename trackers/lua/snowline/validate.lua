-- Argument checks that raise a message in the 2013 tracker's wording; the public API catches them with
-- pcall and returns `false, message`, so nothing raises into the host.
local validate = {}

local function show(v)
  if v == nil then return '<nil>' end
  if type(v) == 'table' then return next(v) == nil and '{}' or '<table>' end
  return tostring(v)
end
validate.show = show

function validate.non_empty_string(name, v)
  if type(v) ~= 'string' or v == '' then
    error(name .. ' is required and must be a non-empty string, not [' .. show(v) .. ']', 0)
  end
end

function validate.optional_string(name, v)
  if v ~= nil and type(v) ~= 'string' then
    error(name .. ' must be a string or nil, not [' .. show(v) .. ']', 0)
  end
end

-- NaN and infinities are refused: enrich cannot store them, so they would turn the event into a bad row.
function validate.optional_number(name, v)
  if v == nil then return end
  if type(v) ~= 'number' then error(name .. ' must be a number or nil, not [' .. show(v) .. ']', 0) end
  if v ~= v or v == math.huge or v == -math.huge then
    error(name .. ' must be a finite number, not [' .. show(v) .. ']', 0)
  end
end

function validate.positive_integer(name, v)
  if type(v) ~= 'number' or v < 1 or math.floor(v) ~= v then
    error(name .. ' must be a positive integer, not [' .. show(v) .. ']', 0)
  end
end

function validate.table(name, v)
  if type(v) ~= 'table' then error(name .. ' must be a table, not [' .. show(v) .. ']', 0) end
end

function validate.non_empty_table(name, v)
  if type(v) ~= 'table' or next(v) == nil then
    error(name .. ' is required and must be a non-empty table, not [' .. show(v) .. ']', 0)
  end
end

function validate.one_of(name, v, allowed)
  for _, candidate in ipairs(allowed) do
    if v == candidate then return end
  end
  error(name .. ' must be a string from the set {' .. table.concat(allowed, ', ') .. '}, not [' .. show(v) .. ']', 0)
end

local iglu_pattern = '^iglu:[%w%-_%.]+/[%w%-_]+/[%w%-_]+/%d+%-%d+%-%d+$'

function validate.iglu_uri(name, v)
  if type(v) ~= 'string' or not string.match(v, iglu_pattern) then
    error(name .. ' must be an Iglu URI like iglu:com.acme/event/jsonschema/1-0-0, not [' .. show(v) .. ']', 0)
  end
end

--- Entities: a list of {schema = 'iglu:...', data = {...}}.
function validate.entities(v)
  if v == nil then return end
  validate.table('entities', v)
  for i, entity in ipairs(v) do
    validate.table('entities[' .. i .. ']', entity)
    validate.iglu_uri('entities[' .. i .. '].schema', entity.schema)
    validate.table('entities[' .. i .. '].data', entity.data)
  end
end

return validate
