-- Entry point of the Lua test suite: `lua5.4 trackers/lua/test/run.lua <repo root>` (also lua5.1, lua5.3,
-- luajit; the fengari driver sets `read_file` and `write` itself). Runs every spec listed below.
local root = (arg and arg[1]) or SNOWLINE_ROOT or '.'
package.path = root .. '/trackers/lua/?.lua;' .. root .. '/trackers/lua/test/?.lua;' .. package.path

read_file = read_file or function(path)
  local file = assert(io.open(path, 'rb'))
  local text = file:read('*a')
  file:close()
  return text
end
local write = write or function(text) io.write(text) end
TEST_ROOT = root

local runner = require('runner')
_G.describe, _G.it, _G.expect = runner.describe, runner.it, runner.expect

for _, spec in ipairs({
  'json_spec', 'base64_spec', 'url_spec', 'uuid_spec', 'clock_spec', 'conformance_spec',
  'tracker_spec', 'emitter_spec', 'compat2013_spec', 'scheduled_emitter_spec',
}) do
  require(spec)
end

local ok = runner.run(write)
if os and os.exit and not FENGARI then os.exit(ok and 0 or 1) end
