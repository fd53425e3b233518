-- A small test runner that behaves the same on Lua 5.1-5.4, LuaJIT and fengari (busted is not available on
-- all of them). Prints one line per test, `ok N - name` or `not ok N - name: message`, then a summary line
-- `# passed P failed F`, which the vitest driver reads.
local runner = { tests = {}, prefix = {} }

function runner.describe(name, fn)
  table.insert(runner.prefix, name)
  fn()
  table.remove(runner.prefix)
end

function runner.it(name, fn)
  local full = table.concat(runner.prefix, ' ') .. ' ' .. name
  runner.tests[#runner.tests + 1] = { name = full, fn = fn }
end

local function show(v, depth)
  depth = depth or 0
  if type(v) == 'string' then return string.format('%q', v) end
  if type(v) ~= 'table' or depth > 3 then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. '=' .. show(v[k], depth + 1) end
  return '{' .. table.concat(parts, ', ') .. '}'
end
runner.show = show

local function deep_equal(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) ~= 'table' then return a == b end
  for k, v in pairs(a) do if not deep_equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
runner.deep_equal = deep_equal

local expect = {}

function expect.equal(actual, expected, what)
  if not deep_equal(actual, expected) then
    error((what and (what .. ': ') or '') .. 'expected ' .. show(expected) .. ', got ' .. show(actual), 2)
  end
end

function expect.truthy(v, what)
  if not v then error((what or 'value') .. ' should be truthy, got ' .. show(v), 2) end
end

function expect.match(s, pattern, what)
  if type(s) ~= 'string' or not string.find(s, pattern) then
    error((what or 'value') .. ' ' .. show(s) .. ' does not match ' .. pattern, 2)
  end
end

--- Asserts the `false, message` shape of a failed call and that the message contains `fragment`.
function expect.fails_with(fragment, ok, message)
  if ok ~= false then error('expected false, message; got ' .. show(ok) .. ', ' .. show(message), 2) end
  if type(message) ~= 'string' or not string.find(message, fragment, 1, true) then
    error('message ' .. show(message) .. ' does not contain ' .. show(fragment), 2)
  end
end

runner.expect = expect

function runner.run(write)
  local passed, failed = 0, 0
  for i, test in ipairs(runner.tests) do
    local ok, err = pcall(test.fn)
    if ok then
      passed = passed + 1
      write('ok ' .. i .. ' - ' .. test.name .. '\n')
    else
      failed = failed + 1
      write('not ok ' .. i .. ' - ' .. test.name .. ': ' .. string.gsub(tostring(err), '\n', ' ') .. '\n')
    end
  end
  write('# passed ' .. passed .. ' failed ' .. failed .. '\n')
  return failed == 0
end

return runner
